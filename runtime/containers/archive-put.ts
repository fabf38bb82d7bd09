// PUT /containers/{id}/archive (`docker cp` into a container): a tar stream extracted into a
// directory of the container. Hostile on both sides: the archive's names, and a running container
// that plants links while we write. So every entry is written as one name in the fd of its
// parent, the parent reached with openat2(RESOLVE_IN_ROOT) (runtime/fsafe): an entry "y/" over a
// container's `y -> /etc` replaces the link, as Docker's chrooted untar does, and metadata goes
// through an fd of the entry itself, so nothing on the host is chmod'ed, chown'ed or touched.
import { closeSync, fstatSync } from 'node:fs';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { EngineError } from '../errors';
import {
  SafeRoot, splitPath, statAt, setMetadataAt, removeAt, writeFileAt, O_PATH, O_DIRECTORY, type FsafeSyscalls, type DirEntryRef,
} from '../fsafe/index';
import { withRoot } from './archive';

export interface PutOptions {
  copyUidGid?: boolean;
}

interface PutContext {
  root: SafeRoot;
  dest: string;
  opts: PutOptions;
  /** Directory times are set last: writing children would change them again. */
  dirTimes: Array<{ path: string; mtime: Date }>;
}

/** The entry name cleaned as if rooted ("../../x" → "x"), as Docker does; undefined for the root. */
function safeName(name: string): string | undefined {
  const n = posix.normalize(`/${name}`).replace(/^\/+/, '');
  return n === '' || n === '.' ? undefined : n;
}

/** Extracts a tar stream into directory `p` of the container, as PUT /containers/{id}/archive. */
export async function putArchive(sys: FsafeSyscalls, base: string, p: string, input: Readable, opts: PutOptions = {}): Promise<void> {
  await withRoot(sys, base, async (root) => {
    checkDestination(root, p);
    const ctx: PutContext = { root, dest: p, opts, dirTimes: [] };
    const extract = tar.extract();
    const done = (async () => {
      for await (const entry of extract) {
        await putEntry(ctx, entry.header, entry as AsyncIterable<Uint8Array>);
        entry.resume();
      }
    })();
    done.catch((err: Error) => { extract.destroy(err); input.destroy(); });
    await Promise.all([pipeline(input, extract), done]).catch(asBadArchive);
    for (const { path, mtime } of ctx.dirTimes.reverse()) withParent(root, path, (ref) => setMetadataAt(sys, ref, { mtime }));
  });
}

/** tar-stream's own errors ("Unexpected end of data", "Invalid tar header") mean the client sent
 *  something that is not a tar: a 400 naming it, not a 500. */
function asBadArchive(err: unknown): never {
  if (err instanceof EngineError) throw err;
  throw new EngineError('INVALID_ARGUMENT', `copy into container: not a tar archive: ${(err as Error).message}`, { cause: err });
}

function checkDestination(root: SafeRoot, p: string): void {
  let fd: number | undefined;
  try {
    fd = root.tryOpen(p, O_PATH);
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `extraction point ${p}: ${(err as Error).message}`, { cause: err });
  }
  if (fd === undefined) throw new EngineError('NOT_FOUND', `Could not find the file ${p} in container`);
  try {
    if (!fstatSync(fd).isDirectory()) throw new EngineError('INVALID_ARGUMENT', `extraction point is not a directory: ${p}`);
  } finally {
    closeSync(fd);
  }
}

/** Runs `fn` on container path `p` as (fd of its parent, created if missing; last name). */
function withParent<T>(root: SafeRoot, p: string, fn: (ref: DirEntryRef) => T): T {
  const { parent, name } = splitPath(p);
  if (name === undefined) throw new EngineError('INVALID_ARGUMENT', 'cannot replace the root directory');
  const dir = root.mkdirAll(parent);
  try {
    return fn({ dir, name });
  } finally {
    closeSync(dir);
  }
}

async function putEntry(ctx: PutContext, h: tar.Header, body: AsyncIterable<Uint8Array>): Promise<void> {
  const rel = safeName(h.name);
  if (!rel) return;
  const path = posix.join(ctx.dest, rel);
  const { sys } = ctx.root;
  const { parent, name } = splitPath(path);
  const dir = ctx.root.mkdirAll(parent);
  const ref: DirEntryRef = { dir, name: name as string };
  try {
    const existing = statAt(sys, ref);
    if (existing && !(existing.isDirectory() && h.type === 'directory')) removeAt(sys, ref);
    if (!writeNode(ctx, h, ref, existing?.isDirectory() ?? false)) {
      if (h.type === 'file' || h.type === 'contiguous-file') await writeFileAt(sys, ref, body);
      else return; // devices, fifos and unknown types are skipped, as before
    }
    const owner = ctx.opts.copyUidGid ? { uid: h.uid ?? 0, gid: h.gid ?? 0 } : { uid: 0, gid: 0 };
    const mtime = h.mtime ?? new Date();
    if (h.type === 'directory') ctx.dirTimes.push({ path, mtime });
    setMetadataAt(sys, ref, { ...owner, mode: h.mode ?? 0o644, mtime: h.type === 'directory' ? undefined : mtime });
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('INVALID_ARGUMENT', `copy into container: entry "${h.name.slice(0, 200)}": ${(err as Error).message}`, { cause: err });
  } finally {
    closeSync(dir);
  }
}

/** Directories, symlinks and hard links; false for what carries content (regular files). */
function writeNode(ctx: PutContext, h: tar.Header, ref: DirEntryRef, isDir: boolean): boolean {
  const { sys } = ctx.root;
  switch (h.type) {
    case 'directory':
      if (!isDir) sys.mkdirat(ref.dir, ref.name, 0o755);
      return true;
    case 'symlink':
      sys.symlinkat(h.linkname ?? '', ref.dir, ref.name);
      return true;
    case 'link': {
      // The target is another name inside the scope; linkat(flags 0) links a symlink itself, and
      // the metadata step then sees a symlink and leaves what it points at alone.
      const target = splitPath(posix.join(ctx.dest, safeName(h.linkname ?? '') ?? ''));
      const tdir = target.name === undefined ? undefined : ctx.root.tryOpen(target.parent, O_PATH | O_DIRECTORY);
      if (tdir === undefined) throw new EngineError('INVALID_ARGUMENT', `hard link "${h.name}": target "${h.linkname}" does not exist`);
      try {
        sys.linkat(tdir, target.name as string, ref.dir, ref.name, 0);
      } finally {
        closeSync(tdir);
      }
      return true;
    }
    default:
      return false;
  }
}
