// Cold-start comparison (Berth does it where compose does not, docker/compose#11102 and #12592):
// the host tree of a sync rule and the container's copy of its target are hashed entry by entry;
// what differs or is missing in the container is synced. Files present only in the container are
// left alone: they may come from the image's build, and a host deletion made while nothing watched
// cannot be told apart from them.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import tar from 'tar-stream';
import type { EngineClient } from '../engine/client';
import type { PathFilter } from './ignore';
import type { SyncItem } from './classify';
import { containerPath, type WatchRule } from './rules';

/** One entry: 'f:<mode>:<sha256>', 'd:<mode>' or 'l:<target>', keyed by path relative to the rule. */
export type Manifest = Map<string, string>;

async function fileHash(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The manifest of the host side of `rule` (ignored paths left out). */
export async function hostManifest(rule: WatchRule, filter: PathFilter): Promise<Manifest> {
  const out: Manifest = new Map();
  const walk = async (abs: string, rel: string): Promise<void> => {
    const st = await lstat(abs).catch(() => undefined);
    if (st === undefined || (rel !== '.' && filter.ignores(abs, st.isDirectory()))) return;
    if (st.isSymbolicLink()) out.set(rel, `l:${await readlink(abs)}`);
    else if (st.isFile()) out.set(rel, `f:${(st.mode & 0o7777).toString(8)}:${await fileHash(abs)}`);
    else if (st.isDirectory()) {
      if (rel !== '.') out.set(rel, `d:${(st.mode & 0o7777).toString(8)}`);
      for (const child of await readdir(abs)) await walk(join(abs, child), rel === '.' ? child : `${rel}/${child}`);
    }
  };
  await walk(rule.path, '.');
  return out;
}

/** The manifest of the container's copy of the rule's target (empty when it does not exist). */
export async function containerManifest(client: EngineClient, containerId: string, target: string, single: boolean): Promise<Manifest> {
  const out: Manifest = new Map();
  let res;
  try {
    res = await client.getContainer(containerId).getArchive(target);
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return out;
    throw err;
  }
  const extract = tar.extract();
  res.stream.pipe(extract);
  for await (const entry of extract) {
    const h = entry.header;
    // The archive's top entry is named after the target's last part; the rule's paths are below it.
    const parts = posix.normalize(h.name).replace(/\/$/, '').split('/');
    const rel = single ? '.' : parts.length <= 1 ? undefined : parts.slice(1).join('/');
    if (rel === undefined) { entry.resume(); continue; }
    if (h.type === 'file') {
      const hash = createHash('sha256');
      for await (const chunk of entry) hash.update(chunk as Buffer);
      out.set(rel, `f:${((h.mode ?? 0) & 0o7777).toString(8)}:${hash.digest('hex')}`);
      continue;
    }
    if (h.type === 'directory') out.set(rel, `d:${((h.mode ?? 0) & 0o7777).toString(8)}`);
    else if (h.type === 'symlink') out.set(rel, `l:${h.linkname ?? ''}`);
    entry.resume();
  }
  return out;
}

/** Sync items for what differs: host entries missing or different in the container. */
export function differences(rule: WatchRule, host: Manifest, container: Manifest): SyncItem[] {
  const items: SyncItem[] = [];
  for (const [rel, sig] of host) {
    if (container.get(rel) === sig) continue;
    items.push({ rule, host: rel === '.' ? rule.path : join(rule.path, ...rel.split('/')), container: containerPath(rule, rel) });
  }
  return items;
}
