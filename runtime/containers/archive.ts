// docker cp: GET /containers/{id}/archive and HEAD's path stat (PUT is archive-put.ts). Paths are
// resolved by the kernel inside the container's root (runtime/fsafe: openat2 RESOLVE_IN_ROOT), as
// moby's FollowSymlinkInScope means them: ".." and absolute symlinks never leave the scope, and a
// link the container swaps in while we read cannot either, since the tree is walked through fds.
// A running container is reached through /proc/<pid>/root (its own mount namespace: tmpfs and
// binds included); a stopped one through its rootfs.
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { PathStat } from '../api/types';
import { EngineError } from '../errors';
import { SafeRoot, openEntryAt, listDir, fdPath, O_PATH, type FsafeSyscalls } from '../fsafe/index';

/** Runs `fn` with the container's root open, closing it after. */
export async function withRoot<T>(sys: FsafeSyscalls, base: string, fn: (root: SafeRoot) => Promise<T>): Promise<T> {
  const root = SafeRoot.open(sys, base);
  try {
    return await fn(root);
  } finally {
    root.close();
  }
}

function notFound(p: string, cause?: unknown): EngineError {
  return new EngineError('NOT_FOUND', `Could not find the file ${p} in container`, cause === undefined ? undefined : { cause });
}

function statIn(root: SafeRoot, p: string): PathStat {
  const fd = root.openEntry(p);
  if (fd === undefined) throw notFound(p);
  try {
    const st = fstatSync(fd);
    // Go's os.FileMode bits: directory 1<<31, symlink 1<<27.
    const typeBits = st.isDirectory() ? 2 ** 31 : st.isSymbolicLink() ? 2 ** 27 : 0;
    return {
      name: basename(p) || '/',
      size: st.size,
      mode: typeBits + (st.mode & 0o7777),
      mtime: st.mtime.toISOString(),
      linkTarget: st.isSymbolicLink() ? root.sys.readlinkat(fd, '') : '',
    };
  } finally {
    closeSync(fd);
  }
}

/** Docker's PathStat of a container path (lstat: a symlink is reported as one, with its target). */
export async function statPath(sys: FsafeSyscalls, base: string, p: string): Promise<PathStat> {
  return withRoot(sys, base, async (root) => statIn(root, p)).catch((err: unknown) => { throw pathError(p, err); });
}

/** A refusal of the kernel (ELOOP on a magic link, ENAMETOOLONG...) as a 400 naming the path. */
function pathError(p: string, err: unknown): unknown {
  if (err instanceof EngineError) return err;
  return new EngineError('INVALID_ARGUMENT', `container path ${p}: ${(err as Error).message}`, { cause: err });
}

/** Adds the entry held by `fd` (an O_PATH fd, closed here) and, for a directory, its subtree. */
async function addTree(pack: tar.Pack, sys: FsafeSyscalls, fd: number, name: string): Promise<void> {
  try {
    const st = fstatSync(fd);
    const common = { name, mode: st.mode & 0o7777, mtime: st.mtime, uid: st.uid, gid: st.gid };
    if (st.isDirectory()) {
      pack.entry({ ...common, type: 'directory' });
      for (const child of listDir(fd).sort()) {
        const cfd = openEntryAt(sys, { dir: fd, name: child });
        if (cfd !== undefined) await addTree(pack, sys, cfd, `${name}/${child}`);
      }
    } else if (st.isSymbolicLink()) {
      pack.entry({ ...common, type: 'symlink', linkname: sys.readlinkat(fd, '') });
    } else if (st.isFile()) {
      // Reopened through the fd's own inode (fstat said: a regular file, not a link).
      const entry = pack.entry({ ...common, type: 'file', size: st.size });
      await pipeline(createReadStream('', { fd: openSync(fdPath(fd), 'r') }), entry);
    }
    // Devices, fifos and sockets are skipped, as they cannot be read as content.
  } finally {
    closeSync(fd);
  }
}

/** The entries below directory fd `fd` (closed here), named from the archive's root. */
async function addChildren(pack: tar.Pack, sys: FsafeSyscalls, fd: number): Promise<void> {
  try {
    for (const child of listDir(fd).sort()) {
      const cfd = openEntryAt(sys, { dir: fd, name: child });
      if (cfd !== undefined) await addTree(pack, sys, cfd, child);
    }
  } finally {
    closeSync(fd);
  }
}

/** The tar stream of `p` (a file or a tree), its top entry named after the path's last part. */
export async function getArchive(sys: FsafeSyscalls, base: string, p: string): Promise<{ stat: PathStat; stream: Readable }> {
  const root = SafeRoot.open(sys, base);
  let top: number | undefined;
  let st: PathStat;
  try {
    st = statIn(root, p);
    const follow = st.linkTarget === '' || p.endsWith('/');
    top = follow ? root.tryOpen(p, O_PATH) : root.openEntry(p);
    if (top === undefined) throw notFound(p);
  } catch (err) {
    throw pathError(p, err);
  } finally {
    root.close();
  }
  // A trailing "/." copies the directory's content, as `docker cp ctr:/dir/. dest`.
  const contentOnly = /\/\.$/.test(p);
  const pack = tar.pack();
  const fd = top;
  void (async () => {
    try {
      if (!contentOnly) await addTree(pack, sys, fd, st.name === '/' ? '.' : st.name);
      else await addChildren(pack, sys, fd);
      pack.finalize();
    } catch (err) { pack.destroy(err as Error); }
  })();
  return { stat: st, stream: Readable.from(pack as AsyncIterable<Buffer>) };
}
