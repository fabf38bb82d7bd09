// The build context on the engine's side: the tar the client sent (its end completed as Go's
// archive/tar reads it, context-tar.ts), unpacked into scratch space
// with the layer unpacker's safety rules (no entry lands outside it), then `.dockerignore` (or
// `<Dockerfile>.dockerignore`) applied with Docker's matching rules as a predicate, so a folder
// read in place is never changed.
import { mkdir, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import type { Syscalls } from '../mount/syscalls';
import { applyLayer, decompressStream } from '../unpack';
import { TarEndCompleter } from './context-tar';
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
    // Decompressed first (`docker build - < ctx.tar.gz`), so that the tar's end can be completed.
    const raw = await decompressStream(tar);
    const completer = new TarEndCompleter();
    raw.on('error', (err) => completer.destroy(err));
    await applyLayer(raw.pipe(completer), dir, { sys, whiteouts: 'delete', maxBytes });
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
  // The Dockerfile was read above: as dockerd's removeDockerfile, it and .dockerignore leave the
  // context only when .dockerignore lists them (the docker CLI lists the `.dockerfile.<random>`
  // it adds for a Dockerfile from outside the context, so a `COPY . .` does not pick it up).
  // Berth's CLI adds an outside or inline Dockerfile under a generated name without rewriting
  // .dockerignore: that one never belongs to the context either.
  const added = /^\.berth-dockerfile-[0-9a-f]{12}$/.test(name) ? name : undefined;
  const ignored = patterns.length ? (rel: string): boolean => rel === added || ig.ignores(rel) : (rel: string): boolean => rel === added;
  return { dir, dockerfile: { text, name }, ignored, reincludes: patterns.some((x) => x.startsWith('!')) };
}

async function readIgnore(dir: string, dockerfile: string): Promise<string[]> {
  for (const f of [`${dockerfile}.dockerignore`, '.dockerignore']) {
    const text = await readFile(await contextPath(dir, f), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  }
  return [];
}
