// Writing one tar entry below the target, never through a symlink: the parent is resolved with
// lstat walks (safe-resolve.ts), an existing entry at the final path is removed before anything
// is created there (so a symlink planted by an earlier entry is replaced, not followed), and
// files are created with O_CREAT|O_EXCL. Ownership, mode (after chown, which clears setuid),
// xattrs and mtimes follow the header, as containerd's archive.createTarFile does.
import { mkdirSync, symlinkSync, linkSync, lchownSync, chmodSync, lutimesSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Header } from 'tar-stream';
import { type Syscalls, makedev, S_IFCHR, S_IFBLK, S_IFIFO } from '../mount/syscalls';
import { unsafeEntry } from './errors';
import { checkSymlinkTarget, hardlinkComponents } from './entry-path';
import { resolveParent, lstatOrUndefined, type VerifiedDirs } from './safe-resolve';
import { removeTree } from './remove';
import type { FsafeSyscalls } from '../fsafe/libc';

export interface UnpackContext {
  root: string;
  sys: Syscalls;
  /** Directory mtimes (by relative path) are set last: writing children would change them again. */
  dirTimes: Array<{ rel: string; mtime: Date }>;
  /** Relative paths this layer wrote (and their parents), for opaque dirs in delete mode. */
  written: Set<string>;
  /** Directories already checked (or made) by this unpack: see safe-resolve.ts. */
  verified: VerifiedDirs;
  fsafe: FsafeSyscalls;
  /** Gives the event loop a turn once a slice of work is spent (slices.ts). */
  maybeYield: () => Promise<void> | undefined;
}

/** Records `comps` and its parents as written; parents of a recorded path are recorded already. */
function markWritten(written: Set<string>, comps: string[]): void {
  for (let i = comps.length; i >= 1; i--) {
    const rel = comps.slice(0, i).join('/');
    if (written.has(rel)) return;
    written.add(rel);
  }
}

export type TarHeader = Omit<Header, 'pax' | 'type'> & {
  type?: Header['type'] | null;
  pax?: Record<string, string> | null;
  /** Xattr values as bytes (pax-xattrs.ts); preferred over `pax`, whose values went through UTF-8. */
  rawXattrs?: Map<string, Buffer>;
};
export type EntryBody = AsyncIterable<Uint8Array>;

const XATTR_PREFIX = 'SCHILY.xattr.';

export async function writeEntry(ctx: UnpackContext, h: TarHeader, comps: string[], body: EntryBody): Promise<void> {
  const parent = resolveParent(h.name, comps, true, ctx.verified);
  const path = join(parent as string, comps[comps.length - 1]);
  const rel = comps.join('/');
  const existing = lstatOrUndefined(path);
  const keepDir = existing?.isDirectory() && h.type === 'directory';
  if (existing && !keepDir) {
    ctx.verified.forget(rel);
    await removeTree(ctx.fsafe, path, ctx.maybeYield);
  }
  markWritten(ctx.written, comps);
  switch (h.type) {
    case 'directory':
      if (!keepDir) mkdirSync(path, { mode: 0o700 });
      ctx.verified.add(rel);
      break;
    case 'file': case 'contiguous-file': case undefined: case null:
      await writeFile(path, body);
      break;
    case 'symlink':
      checkSymlinkTarget(h.name, h.linkname ?? '');
      symlinkSync(h.linkname as string, path);
      break;
    case 'link':
      writeHardlink(ctx, h, path);
      return; // the inode's metadata came with its first name
    case 'character-device': case 'block-device': case 'fifo':
      writeDevice(ctx.sys, h, path);
      break;
    default:
      throw unsafeEntry(h.name, `unsupported entry type "${h.type}"`);
  }
  applyMetadata(ctx, h, path, rel);
}

/** O_CREAT|O_EXCL: the path was just cleared, so this never opens what an earlier entry planted. */
async function writeFile(path: string, body: EntryBody): Promise<void> {
  const fd = openSync(path, 'wx', 0o600);
  try {
    for await (const chunk of body) {
      for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off);
    }
  } finally {
    closeSync(fd);
  }
}

function writeHardlink(ctx: UnpackContext, h: TarHeader, path: string): void {
  const tcomps = hardlinkComponents(h.name, h.linkname ?? '');
  const tparent = resolveParent(h.name, tcomps, false, ctx.verified);
  const target = tparent === undefined ? undefined : join(tparent, tcomps[tcomps.length - 1]);
  const st = target === undefined ? undefined : lstatOrUndefined(target);
  if (!st || !target) throw unsafeEntry(h.name, `hard link target "${h.linkname}" does not exist in this layer`);
  if (st.isDirectory()) throw unsafeEntry(h.name, `hard link target "${h.linkname}" is a directory`);
  // link(2) does not follow a symlink target on Linux: linking a symlink links the symlink.
  linkSync(target, path);
}

function writeDevice(sys: Syscalls, h: TarHeader, path: string): void {
  const kind = h.type === 'character-device' ? S_IFCHR : h.type === 'block-device' ? S_IFBLK : S_IFIFO;
  sys.mknod(path, kind | ((h.mode ?? 0o600) & 0o7777), makedev(h.devmajor ?? 0, h.devminor ?? 0));
}

function xattrsOf(h: TarHeader): Array<[string, Buffer]> {
  if (h.rawXattrs) return [...h.rawXattrs];
  return Object.entries(h.pax ?? {})
    .filter(([k]) => k.startsWith(XATTR_PREFIX))
    .map(([k, v]) => [k.slice(XATTR_PREFIX.length), Buffer.from(v, 'utf8')]);
}

function applyMetadata(ctx: UnpackContext, h: TarHeader, path: string, rel: string): void {
  lchownSync(path, h.uid ?? 0, h.gid ?? 0);
  if (h.type !== 'symlink') chmodSync(path, (h.mode ?? 0o644) & 0o7777);
  for (const [name, value] of xattrsOf(h)) {
    // Overlay's private attributes (redirect, metacopy, origin...) would let a layer point the
    // kernel at other files; Docker never writes them into a layer.
    if (name.startsWith('trusted.overlay.')) throw unsafeEntry(h.name, `refusing overlay-private xattr "${name}"`);
    try {
      ctx.sys.lsetxattr(path, name, value);
    } catch (err) {
      // As containerd: filesystems without xattr support (ENOTSUP) lose them quietly; the
      // kernel refuses user.* on symlinks (EPERM), which GNU tar may still have recorded.
      const code = (err as { code?: string }).code;
      const symlinkUser = code === 'EPERM' && h.type === 'symlink' && name.startsWith('user.');
      if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && !symlinkUser) throw err;
    }
  }
  const mtime = h.mtime ?? new Date(0);
  if (h.type === 'directory') ctx.dirTimes.push({ rel, mtime });
  else lutimesSync(path, mtime, mtime);
}
