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
 * A symlink's target is kept as written, wherever it points: Docker accepts a relative target
 * that climbs above the layer root (inside the container `..` stops at `/`), and an absolute one
 * is container-rooted. Safety is elsewhere: the unpacker never follows a link while writing.
 */
export function checkSymlinkTarget(name: string, target: string): void {
  if (target.length === 0) throw unsafeEntry(name, 'empty symlink target');
  if (target.includes('\0')) throw unsafeEntry(name, 'symlink target contains NUL');
  if (Buffer.byteLength(target) > PATH_MAX) throw unsafeEntry(name, 'symlink target too long');
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
