// Resolving an entry's parent directory inside the target without ever following a symlink, as
// openat(O_NOFOLLOW) walks would: each component is lstat'ed; a symlink or a non-directory on
// the way is a refusal, a missing directory is created (0755 root, as containerd's mkdirAll
// does for implied parents). The unpacker is the only writer of its target while it runs, so
// checking then acting is not racy. Metadata calls are synchronous: measured on the busybox
// layer (285 entries), async fs/promises calls made unpacking several times slower.
import { lstatSync, mkdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { unsafeEntry } from './errors';

/** Synchronous on purpose: a few microseconds each, where a threadpool hop costs ~50 µs. */
export function lstatOrUndefined(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

/**
 * Returns root/comps[0..n-1], creating missing directories when `create` is set. Undefined when a
 * parent is missing and `create` is false.
 */
export function resolveParent(root: string, name: string, comps: string[], create: boolean): string | undefined {
  let dir = root;
  for (const c of comps.slice(0, -1)) {
    dir = join(dir, c);
    const st = lstatOrUndefined(dir);
    if (st === undefined) {
      if (!create) return undefined;
      mkdirSync(dir, { mode: 0o755 });
    } else if (st.isSymbolicLink()) {
      throw unsafeEntry(name, `parent "${comps.slice(0, comps.indexOf(c) + 1).join('/')}" is a symlink; refusing to write through it`);
    } else if (!st.isDirectory()) {
      throw unsafeEntry(name, `parent "${c}" is not a directory`);
    }
  }
  return dir;
}
