// The build context as the docker CLI sends it: the context folder as a tar stream, with what
// `.dockerignore` (or `<Dockerfile>.dockerignore`) excludes left out, the Dockerfile and the
// ignore file always kept (Docker's rule), and an inline or out-of-context Dockerfile added
// under a generated name. Symlinks go as links; the engine decides whether they may be followed.
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, resolve, sep } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-stream';
import { CoreError } from '../errors';

export interface ContextSource {
  dir: string;
  /** The Dockerfile path (relative to the context, or absolute). */
  dockerfile?: string;
  inline?: string;
}

export interface PackedContext {
  tar: Readable;
  /** The Dockerfile's name inside the tar. */
  dockerfile: string;
}

async function ignorePatterns(dir: string, dockerfile: string): Promise<string[]> {
  for (const f of [`${dockerfile}.dockerignore`, '.dockerignore']) {
    const text = await readFile(join(dir, f), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  }
  return [];
}

export async function packContext(src: ContextSource): Promise<PackedContext> {
  const dir = resolve(src.dir);
  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new CoreError('INVALID_ARGUMENT', `build context ${src.dir} is not a directory`);
  let extra: { name: string; text: string } | undefined;
  let dockerfile = src.dockerfile ?? 'Dockerfile';
  if (src.inline !== undefined) {
    extra = { name: `.berth-dockerfile-${createHash('sha256').update(src.inline).digest('hex').slice(0, 12)}`, text: src.inline };
  } else {
    const abs = resolve(dir, dockerfile);
    const rel = relative(dir, abs);
    if (rel.startsWith('..') || rel.startsWith(sep)) {
      const text = await readFile(abs, 'utf8').catch((err: Error) => { throw new CoreError('INVALID_ARGUMENT', `Dockerfile ${abs}: ${err.message}`, { cause: err }); });
      extra = { name: `.berth-dockerfile-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`, text };
    } else {
      dockerfile = rel.split(sep).join('/');
    }
  }
  if (extra) dockerfile = extra.name;
  const patterns = await ignorePatterns(dir, dockerfile);
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  const keep = new Set([dockerfile, '.dockerignore']);
  const pack = tar.pack();
  const filling = (async () => {
    if (extra) await entry(pack, { name: extra.name, type: 'file', mode: 0o644, size: Buffer.byteLength(extra.text) }, Buffer.from(extra.text));
    await walk(pack, dir, '', (p) => ig.ignores(p) && !keep.has(p), patterns.some((p) => p.startsWith('!')));
    pack.finalize();
  })();
  const out = new PassThrough();
  pack.pipe(out);
  filling.catch((err: Error) => out.destroy(err));
  return { tar: out, dockerfile };
}

type Head = Partial<tar.Header> & { name: string };

function entry(pack: tar.Pack, header: Head, body?: Buffer | Readable): Promise<void> {
  return new Promise((res, rej) => {
    const cb = (err?: Error | null): void => (err ? rej(err) : res());
    if (body === undefined) { pack.entry(header as tar.Header, cb); return; }
    if (Buffer.isBuffer(body)) { pack.entry(header as tar.Header, body, cb); return; }
    body.pipe(pack.entry(header as tar.Header, cb));
  });
}

async function walk(pack: tar.Pack, root: string, rel: string, ignored: (p: string) => boolean, reincludes: boolean): Promise<void> {
  for (const name of (await readdir(join(root, rel))).sort()) {
    const p = rel ? `${rel}/${name}` : name;
    const path = join(root, p);
    const st = await lstat(path);
    const skip = ignored(p);
    if (skip && !(st.isDirectory() && reincludes)) continue;
    const base = { name: p, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
    if (st.isDirectory()) {
      if (!skip) await entry(pack, { ...base, type: 'directory' });
      await walk(pack, root, p, ignored, reincludes);
    } else if (st.isSymbolicLink()) {
      await entry(pack, { ...base, type: 'symlink', linkname: await readlink(path) });
    } else if (st.isFile()) {
      // A small file in one read: a stream per file costs more than its bytes here.
      await entry(pack, { ...base, type: 'file', size: st.size }, st.size < 1 << 20 ? await readFile(path) : createReadStream(path));
    }
  }
}

/** A Dockerfile sent in the request's query must keep it under node's 16 KiB header limit. */
const MAX_QUERY_DOCKERFILE = 8 * 1024;

/**
 * The context to send: the folder itself when the engine is Berth on this machine (an inline or
 * outside Dockerfile going along as text), else a tar.
 */
export async function contextFor(local: boolean, src: ContextSource): Promise<{ tar?: Readable; contextDir?: string; dockerfile: string; dockerfileInline?: string }> {
  const dir = resolve(src.dir);
  const dockerfile = src.dockerfile ?? 'Dockerfile';
  const rel = relative(dir, resolve(dir, dockerfile));
  const outside = rel.startsWith('..') || rel.startsWith(sep);
  if (!local) return packContext(src);
  if (src.inline === undefined && !outside) return { contextDir: dir, dockerfile: rel.split(sep).join('/') };
  const text = src.inline ?? await readFile(resolve(dir, dockerfile), 'utf8').catch((err: Error) => {
    throw new CoreError('INVALID_ARGUMENT', `Dockerfile ${resolve(dir, dockerfile)}: ${err.message}`, { cause: err });
  });
  if (Buffer.byteLength(text) > MAX_QUERY_DOCKERFILE) return packContext(src);
  return { contextDir: dir, dockerfile: 'Dockerfile', dockerfileInline: text };
}

/** Whether the engine answering is Berth's (which reads a local context folder in place). */
export async function engineReadsInPlace(version: () => Promise<{ Platform?: { Name?: string } }>): Promise<boolean> {
  const v = await version().catch(() => undefined);
  return v?.Platform?.Name === 'Berth Engine';
}
