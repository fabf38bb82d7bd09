// Docker/AUFS whiteouts in a layer tar, converted as containerd's archive package does:
//   ".wh.<name>"     → <name> deleted. Overlay: a char 0:0 device at <name> (the kernel's
//                      whiteout). Delete mode (native snapshotter): remove <name> from the copy.
//   ".wh..wh..opq"   → the directory hides everything below it. Overlay: xattr
//                      trusted.overlay.opaque=y on it. Delete mode: remove its children that
//                      this layer did not write.
//   ".wh..wh.*"      → other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): ignored, as Docker does.
import { readdirSync } from 'node:fs';
import { removeTree } from './remove';
import { join } from 'node:path';
import { S_IFCHR, makedev } from '../mount/syscalls';
import { unsafeEntry } from './errors';
import { resolveParent, lstatOrUndefined } from './safe-resolve';
import type { UnpackContext } from './write-entry';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE = '.wh..wh..opq';

export type WhiteoutMode = 'overlay' | 'delete';

export function isWhiteout(comps: string[]): boolean {
  return comps.length > 0 && comps[comps.length - 1].startsWith(WHITEOUT_PREFIX);
}

/** Applies a whiteout entry (caller checked isWhiteout). */
export async function applyWhiteout(ctx: UnpackContext, name: string, comps: string[], mode: WhiteoutMode): Promise<void> {
  const base = comps[comps.length - 1];
  if (base === OPAQUE) return opaque(ctx, name, comps, mode);
  if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) return;
  const victim = base.slice(WHITEOUT_PREFIX.length);
  if (victim === '' || victim === '.' || victim === '..') throw unsafeEntry(name, 'whiteout of an invalid name');
  const parent = resolveParent(name, comps, mode === 'overlay', ctx.verified);
  if (parent === undefined) return; // delete mode: nothing below to hide
  const path = join(parent, victim);
  ctx.verified.forget([...comps.slice(0, -1), victim].join('/'));
  await removeTree(ctx.fsafe, path, ctx.maybeYield);
  if (mode === 'overlay') ctx.sys.mknod(path, S_IFCHR, makedev(0, 0));
}

async function opaque(ctx: UnpackContext, name: string, comps: string[], mode: WhiteoutMode): Promise<void> {
  const dir = resolveParent(name, comps, mode === 'overlay', ctx.verified);
  if (dir === undefined) return;
  if (mode === 'overlay') {
    ctx.sys.lsetxattr(dir, 'trusted.overlay.opaque', Buffer.from('y'));
    return;
  }
  const rel = comps.slice(0, -1);
  for (const child of readdirSync(dir)) {
    if (ctx.written.has([...rel, child].join('/'))) continue;
    const p = join(dir, child);
    ctx.verified.forget([...rel, child].join('/'));
    if (lstatOrUndefined(p)) await removeTree(ctx.fsafe, p, ctx.maybeYield);
  }
}
