// docker cp: GET/PUT /containers/{id}/archive and HEAD's path stat. Paths are resolved inside the
// container's root the way moby's FollowSymlinkInScope does: ".." and absolute symlinks never
// leave the scope. A running container is reached through /proc/<pid>/root (its own mount
// namespace: tmpfs and binds included); a stopped one through its rootfs.
import { lstat, readlink, readdir, mkdir, symlink, link, rm, chmod, lchown, utimes, stat } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { join, posix, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { PathStat } from '../api/types';
import { EngineError } from '../errors';

/** Resolves `p` (container path) under `base`, following symlinks inside the scope only. */
export async function resolveInScope(base: string, p: string, followFinal = true): Promise<string> {
  const parts = p.split('/').filter(Boolean);
  let resolved: string[] = [];
  let links = 0;
  while (parts.length > 0) {
    const part = parts.shift() as string;
    if (part === '.') continue;
    if (part === '..') { resolved.pop(); continue; }
    const candidate = join(base, ...resolved, part);
    if (parts.length === 0 && !followFinal) { resolved.push(part); break; }
    const st = await lstat(candidate).catch(() => undefined);
    if (!st?.isSymbolicLink()) { resolved.push(part); continue; }
    if (++links > 255) throw new EngineError('INVALID_ARGUMENT', `too many symlinks in ${p}`);
    const target = await readlink(candidate);
    if (target.startsWith('/')) resolved = [];
    parts.unshift(...target.split('/').filter(Boolean));
  }
  return join(base, ...resolved);
}

/** Docker's PathStat of a container path (lstat: a symlink is reported as one, with its target). */
export async function statPath(base: string, p: string): Promise<PathStat> {
  const host = await resolveInScope(base, p, false);
  const st = await lstat(host).catch((err: NodeJS.ErrnoException) => {
    throw new EngineError('NOT_FOUND', `Could not find the file ${p} in container`, { cause: err });
  });
  // Go's os.FileMode bits: directory 1<<31, symlink 1<<27.
  const typeBits = st.isDirectory() ? 2 ** 31 : st.isSymbolicLink() ? 2 ** 27 : 0;
  return {
    name: basename(p) || '/',
    size: st.size,
    mode: typeBits + (st.mode & 0o7777),
    mtime: st.mtime.toISOString(),
    linkTarget: st.isSymbolicLink() ? await readlink(host) : '',
  };
}

async function addTree(pack: tar.Pack, host: string, name: string): Promise<void> {
  const st = await lstat(host);
  const common = { name, mode: st.mode & 0o7777, mtime: st.mtime, uid: st.uid, gid: st.gid };
  if (st.isDirectory()) {
    pack.entry({ ...common, type: 'directory' });
    for (const child of (await readdir(host)).sort()) await addTree(pack, join(host, child), `${name}/${child}`);
  } else if (st.isSymbolicLink()) {
    pack.entry({ ...common, type: 'symlink', linkname: await readlink(host) });
  } else if (st.isFile()) {
    const entry = pack.entry({ ...common, type: 'file', size: st.size });
    await pipeline(createReadStream(host), entry);
  }
  // Devices, fifos and sockets are skipped, as they cannot be read as content.
}

/** The tar stream of `p` (a file or a tree), its top entry named after the path's last part. */
export async function getArchive(base: string, p: string): Promise<{ stat: PathStat; stream: Readable }> {
  const st = await statPath(base, p);
  // A trailing "/." copies the directory's content, as `docker cp ctr:/dir/. dest`.
  const contentOnly = /\/\.$/.test(p);
  const host = await resolveInScope(base, p, st.linkTarget === '' || p.endsWith('/'));
  const pack = tar.pack();
  void (async () => {
    try {
      if (contentOnly) for (const child of (await readdir(host)).sort()) await addTree(pack, join(host, child), child);
      else await addTree(pack, host, st.name === '/' ? '.' : st.name);
      pack.finalize();
    } catch (err) { pack.destroy(err as Error); }
  })();
  return { stat: st, stream: Readable.from(pack as AsyncIterable<Buffer>) };
}

function safeName(name: string): string | undefined {
  const n = posix.normalize(`/${name}`).replace(/^\/+/, '');
  return n === '' || n === '.' ? undefined : n;
}

/** Extracts a tar stream into directory `p` of the container, as PUT /containers/{id}/archive. */
export async function putArchive(base: string, p: string, input: Readable, opts: { copyUidGid?: boolean } = {}): Promise<void> {
  const destDir = await resolveInScope(base, p);
  const st = await stat(destDir).catch(() => undefined);
  if (!st) throw new EngineError('NOT_FOUND', `Could not find the file ${p} in container`);
  if (!st.isDirectory()) throw new EngineError('INVALID_ARGUMENT', `extraction point is not a directory: ${p}`);
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const h = entry.header;
      const rel = safeName(h.name);
      if (!rel) { entry.resume(); continue; }
      const target = await resolveInScope(base, posix.join(p, rel), false);
      await mkdir(join(target, '..'), { recursive: true });
      if (h.type === 'directory') {
        await mkdir(target, { recursive: true });
      } else {
        await rm(target, { force: true });
        if (h.type === 'file' || h.type === 'contiguous-file') await pipeline(entry, createWriteStream(target));
        else if (h.type === 'symlink') await symlink(h.linkname ?? '', target);
        else if (h.type === 'link') await link(await resolveInScope(base, posix.join(p, safeName(h.linkname ?? '') ?? ''), false), target);
      }
      entry.resume();
      if (h.type !== 'symlink') {
        await chmod(target, (h.mode ?? 0o644) & 0o7777);
        if (h.mtime) await utimes(target, h.mtime, h.mtime).catch(() => undefined);
      }
      await lchown(target, opts.copyUidGid ? h.uid ?? 0 : 0, opts.copyUidGid ? h.gid ?? 0 : 0).catch(() => undefined);
    }
  })();
  await Promise.all([pipeline(input, extract), done]);
}
