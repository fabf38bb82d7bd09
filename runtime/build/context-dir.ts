// The build context on the engine's side: the tar the client sent, unpacked into scratch space
// with the layer unpacker's safety rules (no entry lands outside it), then `.dockerignore` (or
// `<Dockerfile>.dockerignore`) applied with Docker's matching rules as a predicate (the Dockerfile
// and .dockerignore themselves stay readable), so a folder read in place is never changed.
import { mkdir, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
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
  /** What .dockerignore leaves out (paths relative to the context, `/`-separated). */
  ignored: (rel: string) => boolean;
  /** Some pattern re-includes (`!x`): an ignored directory may still hold included paths. */
  reincludes: boolean;
}

export async function extractContext(tar: Readable, dir: string, sys: Syscalls, maxBytes?: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  try {
    await applyLayer(tar, dir, { sys, whiteouts: 'delete', maxBytes });
  } catch (err) {
    throw new BuildError('INVALID_ARGUMENT', `build context: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads the Dockerfile (or takes the inline one) and what .dockerignore excludes, as a predicate. */
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
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  const keep = new Set([name, '.dockerignore']);
  const ignored = patterns.length ? (rel: string): boolean => !keep.has(rel) && ig.ignores(rel) : (): boolean => false;
  return { dir, dockerfile: { text, name }, ignored, reincludes: patterns.some((x) => x.startsWith('!')) };
}

async function readIgnore(dir: string, dockerfile: string): Promise<string[]> {
  for (const f of [`${dockerfile}.dockerignore`, '.dockerignore']) {
    const text = await readFile(await contextPath(dir, f), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  }
  return [];
}
