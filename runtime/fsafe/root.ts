// A container's root filesystem held by a directory fd, and every path resolved inside it by the
// kernel: openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) treats the fd as "/", so an absolute
// symlink (`x -> /etc`), ".." and links a running container plants between two of our calls all
// land inside the root, and /proc magic links are refused. The last component of a path is
// looked at with O_NOFOLLOW where the caller asks for lstat semantics, as docker cp does.
import { closeSync, fstatSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { EngineError } from '../errors';
import { readRegularFile } from './read-file';
import {
  type FsafeSyscalls, AT_FDCWD, O_PATH, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, RESOLVE_IN_ROOT, RESOLVE_NO_MAGICLINKS,
  RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS, O_RDONLY, O_NONBLOCK, O_NOCTTY,
} from './libc';

const IN_ROOT = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

/** An fd and the name of an entry in it: the only shape every *at call accepts safely. */
export interface DirEntryRef {
  dir: number;
  name: string;
}

/** Splits a container path into its cleaned parent and last component ("/" has none). */
export function splitPath(p: string): { parent: string; name: string | undefined } {
  const clean = posix.normalize(`/${p}`);
  if (clean === '/') return { parent: '/', name: undefined };
  return { parent: posix.dirname(clean), name: posix.basename(clean) };
}

function errnoOf(err: unknown): string | undefined {
  return (err as { code?: string }).code;
}

export class SafeRoot {
  private constructor(readonly sys: FsafeSyscalls, readonly fd: number, readonly hostPath: string) {}

  /** Opens `hostPath` (a rootfs, or /proc/<pid>/root of a running container) as the root. */
  static open(sys: FsafeSyscalls, hostPath: string): SafeRoot {
    try {
      return new SafeRoot(sys, sys.openat2(AT_FDCWD, hostPath, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0), hostPath);
    } catch (err) {
      throw new EngineError('FAILED_PRECONDITION', `cannot open the container's root filesystem: ${(err as Error).message}`, { cause: err });
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** An fd for container path `p`, symlinks followed inside the root. Throws SyscallError. */
  open(p: string, flags: number, mode = 0): number {
    const rel = posix.normalize(`/${p}`).slice(1) || '.';
    return this.sys.openat2(this.fd, rel, flags | O_CLOEXEC, mode, IN_ROOT);
  }

  /** Like open, but undefined when the path does not exist (or a parent is not a directory). */
  tryOpen(p: string, flags: number): number | undefined {
    try {
      return this.open(p, flags);
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  /** Container file `p` (links followed inside the root), if it is a regular file. */
  readFile(p: string, maxBytes = 8 << 20): Buffer | undefined {
    const fd = this.tryOpen(p, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd === undefined) return undefined;
    try {
      return readRegularFile(fd, p, maxBytes);
    } finally {
      closeSync(fd);
    }
  }

  /** An O_PATH fd on the entry itself (a symlink is not followed), or undefined if absent. */
  openEntry(p: string): number | undefined {
    const { parent, name } = splitPath(p);
    if (name === undefined) return this.open('/', O_PATH | O_DIRECTORY);
    const dir = this.tryOpen(parent, O_PATH | O_DIRECTORY);
    if (dir === undefined) return undefined;
    try {
      return openEntryAt(this.sys, { dir, name });
    } finally {
      closeSync(dir);
    }
  }

  /** lstat of container path `p` (parents followed inside the root, the last part not). */
  lstat(p: string): Stats | undefined {
    const fd = this.openEntry(p);
    if (fd === undefined) return undefined;
    try {
      return fstatSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The directory at `p` as an O_PATH fd, creating missing directories (mode 0755) one at a
   * time, each with mkdirat in the fd of its resolved parent. A non-directory on the way is
   * ENOTDIR, as mkdir -p would say.
   */
  mkdirAll(p: string, mode = 0o755): number {
    const fd = this.tryOpen(p, O_PATH | O_DIRECTORY);
    if (fd !== undefined) return fd;
    const { parent, name } = splitPath(p);
    if (name === undefined) throw new EngineError('INTERNAL', 'the root directory cannot be missing');
    const dir = this.mkdirAll(parent, mode);
    try {
      try {
        this.sys.mkdirat(dir, name, mode);
      } catch (err) {
        if (errnoOf(err) !== 'EEXIST') throw err;
      }
      // The component just made must be the directory itself: a symlink a container planted at
      // that name in between is refused, not followed.
      return this.sys.openat2(dir, name, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
    } finally {
      closeSync(dir);
    }
  }
}

/** O_PATH|O_NOFOLLOW on one name in a directory fd: the entry itself, never what it points at. */
export function openEntryAt(sys: FsafeSyscalls, ref: DirEntryRef): number | undefined {
  try {
    return sys.openat(ref.dir, ref.name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw err;
  }
}
