// Resolving a path inside a root with symlinks followed as if the root were `/` (moby's
// FollowSymlinkInScope): COPY's destination in an image whose /app is a link, `..` that would
// climb above the root. The result is always the root or below it.
import { lstat, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { BuildError } from './errors';

const MAX_LINKS = 255;

/** The host path of `path` (absolute inside the root) with every symlink resolved in scope. */
export async function resolveInScope(root: string, path: string, followLast = true): Promise<string> {
  const pending = posix.normalize('/' + path).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length) {
    const comp = pending.shift() as string;
    if (comp === '.') continue;
    if (comp === '..') { done.pop(); continue; }
    const host = join(root, ...done, comp);
    const st = await lstat(host).catch(() => undefined);
    if (!st?.isSymbolicLink() || (!followLast && pending.length === 0)) { done.push(comp); continue; }
    if (++links > MAX_LINKS) throw new BuildError('INVALID_ARGUMENT', `too many levels of symbolic links in ${path}`);
    const target = await readlink(host);
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return join(root, ...done);
}

/**
 * A context source path, refused when it (or a link on the way) leads outside the context, as
 * `docker build` refuses "forbidden path outside the build context".
 */
export async function contextPath(root: string, rel: string): Promise<string> {
  // Components as given: a leading `..` must be seen (and refused), not normalised away.
  const pending = rel.split('/').filter((c) => c && c !== '.');
  const done: string[] = [];
  let links = 0;
  while (pending.length) {
    const comp = pending.shift() as string;
    if (comp === '..') {
      if (!done.length) throw outside(rel, undefined);
      done.pop();
      continue;
    }
    const host = join(root, ...done, comp);
    const st = await lstat(host).catch(() => undefined);
    if (!st?.isSymbolicLink()) { done.push(comp); continue; }
    if (++links > MAX_LINKS) throw new BuildError('INVALID_ARGUMENT', `too many levels of symbolic links in ${rel}`);
    const target = await readlink(host);
    if (target.startsWith('/')) throw outside(rel, target);
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return join(root, ...done);
}

function outside(rel: string, target?: string): BuildError {
  const via = target ? ` (a symlink to ${target})` : '';
  return new BuildError('INVALID_ARGUMENT', `forbidden path outside the build context: ${rel}${via}`);
}
