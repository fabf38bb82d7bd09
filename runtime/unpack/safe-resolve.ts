// Resolving an entry's parent directory inside the target without ever following a symlink, as
// openat(O_NOFOLLOW) walks would: each component is lstat'ed; a symlink or a non-directory on
// the way is a refusal, a missing directory is created (0755 root, as containerd's mkdirAll
// does for implied parents). The unpacker is the only writer of its target while it runs, so
// checking then acting is not racy.
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unsafeEntry } from './errors';

export async function lstatOrUndefined(path: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Returns root/comps[0..n-1], creating missing directories when `create` is set. Undefined when a
 * parent is missing and `create` is false.
 */
export async function resolveParent(root: string, name: string, comps: string[], create: boolean): Promise<string | undefined> {
  let dir = root;
  for (const c of comps.slice(0, -1)) {
    dir = join(dir, c);
    const st = await lstatOrUndefined(dir);
    if (st === undefined) {
      if (!create) return undefined;
      await mkdir(dir, { mode: 0o755 });
    } else if (st.isSymbolicLink()) {
      throw unsafeEntry(name, `parent "${comps.slice(0, comps.indexOf(c) + 1).join('/')}" is a symlink; refusing to write through it`);
    } else if (!st.isDirectory()) {
      throw unsafeEntry(name, `parent "${c}" is not a directory`);
    }
  }
  return dir;
}
