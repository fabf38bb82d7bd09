// Operations on one entry named inside a directory fd (see root.ts for how that fd is reached).
// Nothing here follows a symlink at the entry: metadata goes through an O_PATH|O_NOFOLLOW fd
// (fchownat AT_EMPTY_PATH; chmod and utimes through /proc/self/fd/N, which names exactly the
// inode the fd holds and is only used once fstat said it is not a symlink), removal through
// unlinkat in fds of directories opened O_NOFOLLOW, new files through O_CREAT|O_EXCL|O_NOFOLLOW.
import { chmodSync, closeSync, fstatSync, readdirSync, utimesSync, writeSync, type Stats } from 'node:fs';
import {
  type FsafeSyscalls, AT_EMPTY_PATH, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL,
  O_NOFOLLOW, O_RDONLY, O_WRONLY,
} from './libc';
import { openEntryAt, type DirEntryRef } from './root';

export interface EntryMeta {
  /** Permission bits (07777); ignored for a symlink, which has none of its own. */
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
}

/** The path through which the kernel reaches the inode an fd holds, without resolving names. */
export function fdPath(fd: number): string {
  return `/proc/self/fd/${fd}`;
}

/** lstat of the entry, or undefined when absent. */
export function statAt(sys: FsafeSyscalls, ref: DirEntryRef): Stats | undefined {
  const fd = openEntryAt(sys, ref);
  if (fd === undefined) return undefined;
  try {
    return fstatSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Owner first (chown clears setuid), then mode, then times, as containerd's createTarFile. */
export function setMetadataAt(sys: FsafeSyscalls, ref: DirEntryRef, meta: EntryMeta): void {
  const fd = openEntryAt(sys, ref);
  if (fd === undefined) return;
  try {
    if (meta.uid !== undefined) sys.fchownat(fd, '', meta.uid, meta.gid ?? meta.uid, AT_EMPTY_PATH);
    if (fstatSync(fd).isSymbolicLink()) {
      if (meta.mtime) sys.utimensat(ref.dir, ref.name, meta.mtime, AT_SYMLINK_NOFOLLOW);
      return;
    }
    if (meta.mode !== undefined) chmodSync(fdPath(fd), meta.mode & 0o7777);
    if (meta.mtime) utimesSync(fdPath(fd), meta.mtime, meta.mtime);
  } finally {
    closeSync(fd);
  }
}

/**
 * rm -rf of one entry: directories are emptied through their own fds (opened O_NOFOLLOW), never
 * through a link, walking with an explicit stack: a tree thousands of levels deep overflowed the
 * call stack of a recursive walk (Node's own rmSync included). Holds one fd per level.
 */
export function removeAt(sys: FsafeSyscalls, ref: DirEntryRef): void {
  for (const _ of removeSteps(sys, ref)) { /* run to the end */ }
}

/** removeAt in slices: `maybeYield` (unpack/slices.ts) gets a turn after every removal. */
export async function removeAtSliced(sys: FsafeSyscalls, ref: DirEntryRef, maybeYield: () => Promise<void> | undefined): Promise<void> {
  for (const _ of removeSteps(sys, ref)) await maybeYield();
}

/** The removal, one unlinkat per step. */
function* removeSteps(sys: FsafeSyscalls, ref: DirEntryRef): Generator<void> {
  const st = statAt(sys, ref);
  if (st === undefined) return;
  if (!st.isDirectory()) {
    sys.unlinkat(ref.dir, ref.name, 0);
    return;
  }
  const stack: Array<{ fd: number; names: string[]; ref: DirEntryRef }> = [];
  const enter = (r: DirEntryRef): void => {
    const fd = sys.openat(r.dir, r.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    stack.push({ fd, names: [], ref: r });
    stack[stack.length - 1].names = readdirSync(fdPath(fd));
  };
  try {
    enter(ref);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const name = top.names.pop();
      if (name === undefined) {
        stack.pop();
        closeSync(top.fd);
        sys.unlinkat(top.ref.dir, top.ref.name, AT_REMOVEDIR);
      } else if (statAt(sys, { dir: top.fd, name })?.isDirectory()) {
        enter({ dir: top.fd, name });
      } else {
        sys.unlinkat(top.fd, name, 0);
      }
      yield;
    }
  } finally {
    for (const s of stack) closeSync(s.fd);
  }
}

/** Creates a new file (never opening one already there) and writes `body` into it. */
export async function writeFileAt(sys: FsafeSyscalls, ref: DirEntryRef, body: AsyncIterable<Uint8Array>, mode = 0o600): Promise<void> {
  const fd = sys.openat(ref.dir, ref.name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  try {
    for await (const chunk of body) {
      for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off);
    }
  } finally {
    closeSync(fd);
  }
}

/** The names in a directory fd (any open mode, O_PATH included). */
export function listDir(fd: number): string[] {
  return readdirSync(fdPath(fd));
}
