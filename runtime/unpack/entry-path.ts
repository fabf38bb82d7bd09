// Lexical checks on tar entry names and link targets, before any filesystem call. Docker and
// containerd clean names as if rooted ("/" + name); we refuse instead, because a layer written
// by a real builder never has ".." or a leading "/", and a refusal is easier to audit than a
// silent rewrite.
import { unsafeEntry } from './errors';

/** Linux NAME_MAX and PATH_MAX (less the NUL). */
export const NAME_MAX = 255;
export const PATH_MAX = 4095;

/**
 * "./usr/bin/" → ["usr", "bin"]. Throws on absolute names, "..", NUL, over-long names. The root
 * itself ("./", ".") gives [].
 */
export function entryComponents(name: string): string[] {
  if (name.includes('\0')) throw unsafeEntry(name, 'name contains NUL');
  if (name.startsWith('/')) throw unsafeEntry(name, 'absolute path');
  if (Buffer.byteLength(name) > PATH_MAX) throw unsafeEntry(name, `path longer than ${PATH_MAX} bytes`);
  const comps = name.split('/').filter((c) => c !== '' && c !== '.');
  for (const c of comps) {
    if (c === '..') throw unsafeEntry(name, 'path contains ".."');
    if (Buffer.byteLength(c) > NAME_MAX) throw unsafeEntry(name, `path component longer than ${NAME_MAX} bytes`);
  }
  return comps;
}

/**
 * A relative symlink target must not climb above the layer root from where the link sits:
 * followed on the host it would leave the snapshot. Absolute targets are container-rooted
 * ("/bin/busybox"), which is how every image writes them, and are kept.
 */
export function checkSymlinkTarget(name: string, comps: string[], target: string): void {
  if (target.length === 0) throw unsafeEntry(name, 'empty symlink target');
  if (target.includes('\0')) throw unsafeEntry(name, 'symlink target contains NUL');
  if (Buffer.byteLength(target) > PATH_MAX) throw unsafeEntry(name, 'symlink target too long');
  if (target.startsWith('/')) return;
  let depth = comps.length - 1;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    depth += part === '..' ? -1 : 1;
    if (depth < 0) throw unsafeEntry(name, `symlink target "${target}" points outside the layer root`);
  }
}

/** Hard link targets name another entry of the same archive: same rules as entry names. */
export function hardlinkComponents(name: string, target: string): string[] {
  try {
    const comps = entryComponents(target);
    if (comps.length === 0) throw unsafeEntry(name, 'hard link to the layer root');
    return comps;
  } catch (err) {
    throw unsafeEntry(name, `hard link target "${target}" is outside the layer: ${(err as Error).message}`, err);
  }
}
