// What a killed engine left of containers it does not list, removed at the next start: a
// create cut short before its record was written leaves a mounted rootfs, its snapshot, its
// volume references and anonymous volumes, and its dirs; nothing else would ever release them. Recorded containers keep theirs.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mountsUnder } from '../mount/index';
import type { MountProvider, RootfsProvider } from '../containers/index';

export interface OrphanSweepOptions {
  root: string;
  /** Where the rootfs mount points are (<root>/rootfs). */
  rootfsBase: string;
  /** Where conmon's socket dirs are (<root>/run), by the container id's first 12 characters. */
  runDir: string;
  /** Every container id the engine lists, and those whose teardown is still journalled. */
  known: ReadonlySet<string>;
  rootfs: RootfsProvider;
  /** Its volume references (anonymous volumes made for it go too, as after `rm -v`). */
  mounts: MountProvider;
  /** Container ids of the snapshotter's container snapshots. */
  snapshotIds: () => Promise<string[]>;
  log: (line: string) => void;
}

const ID = /^[0-9a-f]{64}$/;

/** Releases every rootfs (mount, snapshot, mount point) and dir of an unknown container; returns their ids. */
export async function sweepOrphanContainers(o: OrphanSweepOptions): Promise<string[]> {
  const mounted = mountsUnder(o.rootfsBase).map((m) => m.mountPoint.slice(o.rootfsBase.length + 1).split('/')[0]);
  const [points, snapshots, dirs] = await Promise.all([listIds(o.rootfsBase), o.snapshotIds(), listIds(join(o.root, 'containers'))]);
  const orphans = [...new Set([...mounted, ...points, ...snapshots, ...dirs])].filter((id) => ID.test(id) && !o.known.has(id));
  for (const id of orphans) {
    const results = await Promise.allSettled([
      o.rootfs.release(id),
      o.mounts.release(id, { removeAnonymous: true }),
      rm(join(o.root, 'containers', id), { recursive: true, force: true }),
      rm(join(o.runDir, id.slice(0, 12)), { recursive: true, force: true }),
    ]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    o.log(`container ${id}: removed what a create left unfinished${failed.length ? ` (failed: ${failed.map((f) => String(f.reason)).join('; ')})` : ''}`);
  }
  return orphans;
}

async function listIds(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => ID.test(n));
}
