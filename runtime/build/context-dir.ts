// The build context on the engine's side: the tar the client sent, unpacked into scratch space
// with the layer unpacker's safety rules (no entry lands outside it), then `.dockerignore` (or
// `<Dockerfile>.dockerignore`) applied with Docker's matching rules, as dockerd's classic builder
// does before it reads the Dockerfile (the Dockerfile and .dockerignore themselves stay readable).
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import type { Syscalls } from '../mount/syscalls';
import { applyLayer } from '../unpack';
import { BuildError } from './errors';
import { contextPath } from './scoped-path';

export interface ContextDir {
  dir: string;
  /** The Dockerfile's text and its path in the context (for file:line errors). */
  dockerfile: { text: string; name: string };
}

export async function extractContext(tar: Readable, dir: string, sys: Syscalls, maxBytes?: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  try {
    await applyLayer(tar, dir, { sys, whiteouts: 'delete', maxBytes });
  } catch (err) {
    throw new BuildError('INVALID_ARGUMENT', `build context: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads the Dockerfile (or takes the inline one) and removes what .dockerignore excludes. */
export async function prepareContext(dir: string, dockerfileName: string, inline?: string): Promise<ContextDir> {
  const name = posix.normalize(dockerfileName || 'Dockerfile').replace(/^\/+/, '');
  let text = inline;
  if (text === undefined) {
    const path = await contextPath(dir, name);
    text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new BuildError('INVALID_ARGUMENT', `Cannot locate specified Dockerfile: ${name}`, { cause: err });
    });
  }
  const patterns = await readIgnore(dir, name);
  if (patterns.length) await removeIgnored(dir, patterns, new Set([name, '.dockerignore']));
  return { dir, dockerfile: { text, name } };
}

async function readIgnore(dir: string, dockerfile: string): Promise<string[]> {
  for (const f of [`${dockerfile}.dockerignore`, '.dockerignore']) {
    const text = await readFile(await contextPath(dir, f), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  }
  return [];
}

async function removeIgnored(dir: string, patterns: string[], keep: Set<string>): Promise<void> {
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  const visit = async (rel: string): Promise<void> => {
    for (const d of await readdir(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      if (ig.ignores(p) && !keep.has(p)) {
        // A directory may hold re-included paths (`!dir/keep`): look inside before removing it.
        if (d.isDirectory() && patterns.some((x) => x.startsWith('!'))) await visit(p);
        else await rm(join(dir, p), { recursive: true, force: true });
      } else if (d.isDirectory()) {
        await visit(p);
      }
    }
  };
  await visit('');
}
