// COPY/ADD into a step's mounted rootfs, with Docker's rules: a directory source copies its
// contents; several sources (or a dest ending in "/") need a directory destination; new files and
// directories belong to 0:0 unless --chown; --chmod sets the mode; mtimes are kept. The
// destination resolves symlinks in the rootfs's scope, so nothing lands outside it. Symlinks
// inside a copied directory are copied as links, never followed.
import type { Stats } from 'node:fs';
import { copyFile, lchown, lstat, lutimes, mkdir, readdir, readlink, symlink, chmod, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { BuildError } from './errors';
import { takes, type Source } from './copy-sources';
import { resolveInScope } from './scoped-path';

export interface CopyOwner {
  uid: number;
  gid: number;
}

export interface CopyPlan {
  sources: Source[];
  /** Absolute destination inside the rootfs (WORKDIR already applied). */
  dest: string;
  destIsDir: boolean;
  owner?: CopyOwner;
  mode?: number;
  /** Relative paths (glob patterns) left out of directory sources (`--exclude`). */
  exclude?: RegExp[];
}

export async function copyInto(rootfs: string, plan: CopyPlan): Promise<void> {
  if (plan.sources.length > 1 && !plan.destIsDir && plan.sources.some((s) => s.keep === undefined)) {
    throw new BuildError('INVALID_ARGUMENT', `When using COPY with more than one source file, the destination must be a directory and end with a /`);
  }
  for (const s of plan.sources) {
    // --parents: the source's own path under the destination (a directory, then).
    const kept = s.keep === undefined ? undefined : posix.join(plan.dest, s.keep);
    if (s.isDir) {
      const target = await ensureDir(rootfs, kept ?? plan.dest, plan.owner);
      await copyTree(s.path, target, plan, '', s);
    } else {
      const destPath = kept ?? (plan.destIsDir ? posix.join(plan.dest, basename(s.rel)) : plan.dest);
      await ensureDir(rootfs, posix.dirname(destPath), plan.owner);
      const host = await resolveInScope(rootfs, destPath, false);
      await copyOne(s.path, host, plan, true);
    }
  }
}

/** mkdir -p in scope; the directories made get the copy's owner (0:0 by default). */
async function ensureDir(rootfs: string, path: string, owner?: CopyOwner): Promise<string> {
  const comps = posix.normalize(path).split('/').filter(Boolean);
  let cur = '/';
  for (const c of comps) {
    cur = posix.join(cur, c);
    const host = await resolveInScope(rootfs, cur);
    const st = await lstat(host).catch(() => undefined);
    if (st?.isDirectory()) continue;
    if (st) throw new BuildError('INVALID_ARGUMENT', `cannot copy to ${path}: ${cur} is not a directory`);
    await mkdir(host, { mode: 0o755 });
    await chmod(host, 0o755);
    await lchown(host, owner?.uid ?? 0, owner?.gid ?? 0);
  }
  return resolveInScope(rootfs, path);
}

async function copyTree(src: string, dst: string, plan: CopyPlan, rel: string, source: Source): Promise<void> {
  for (const name of (await readdir(src)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (plan.exclude?.some((re) => re.test(r))) continue;
    const from = join(src, name);
    const to = join(dst, name);
    const st = await lstat(from);
    const take = takes(source.filter, r, st.isDirectory());
    if (take === 'no') continue;
    if (st.isDirectory()) {
      const existing = await lstat(to).catch(() => undefined);
      if (existing && !existing.isDirectory()) await rm(to, { recursive: true, force: true });
      if (!existing?.isDirectory()) await mkdir(to);
      await copyTree(from, to, plan, r, source);
      await finish(to, st, plan, false);
    } else if (take === 'yes') {
      await copyOne(from, to, plan, false);
    }
  }
}

/** One non-directory entry (a top-level source symlink is followed, as Docker does). */
async function copyOne(from: string, to: string, plan: CopyPlan, follow: boolean): Promise<void> {
  const st = follow ? await stat(from) : await lstat(from);
  const existing = await lstat(to).catch(() => undefined);
  if (existing?.isDirectory()) throw new BuildError('INVALID_ARGUMENT', `cannot overwrite directory ${to.slice(to.indexOf('/rootfs/') + 7)} with a file`);
  if (existing) await rm(to, { force: true });
  await mkdir(dirname(to), { recursive: true });
  if (st.isSymbolicLink()) {
    await symlink(await readlink(from), to);
  } else if (st.isFile()) {
    await copyFile(from, to);
  } else {
    return; // devices, sockets and fifos are not copied from a context
  }
  await finish(to, st, plan, st.isSymbolicLink());
}

async function finish(path: string, st: Stats, plan: CopyPlan, isLink: boolean): Promise<void> {
  await lchown(path, plan.owner?.uid ?? 0, plan.owner?.gid ?? 0);
  if (isLink) { await lutimes(path, st.atime, st.mtime); return; }
  await chmod(path, plan.mode ?? st.mode & 0o7777);
  await utimes(path, st.atime, st.mtime);
}
