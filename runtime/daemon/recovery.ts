// The daemon's part of crash recovery, once every service has opened (each finished or rolled
// back its own journalled work: teardowns, network creations, half-started tasks): what only the
// wiring can see across services. Sandboxes of containers that do not run are released (a start
// the crash interrupted left one, and the next start failed "network sandbox already exists"),
// and the rootfs and dirs of containers that no record lists are removed.
import { join } from 'node:path';
import type { ContainerService, MountProvider, RootfsProvider } from '../containers/index';
import type { NetworkService } from '../network/index';
import { sweepOrphanContainers } from './orphans';

export interface RecoveryOptions {
  root: string;
  runDir: string;
  containers: ContainerService;
  networks: NetworkService;
  rootfs: RootfsProvider;
  mounts: MountProvider;
  /** Drops volume references of unknown containers and the anonymous volumes made for them. */
  releaseVolumes: (known: ReadonlySet<string>) => Promise<string[]>;
  /** Saves a container's NetworkSettings as its sandbox now is. */
  refreshSettings: (id: string) => Promise<void>;
  /** Keys of the snapshotter's snapshots. */
  snapshotKeys: () => Promise<string[]>;
  log: (line: string) => void;
}

const SNAPSHOT_PREFIX = 'container-';

export async function recoverLeftovers(o: RecoveryOptions): Promise<void> {
  const all = o.containers.list({ all: true });
  const running = new Set(all.filter((c) => c.State === 'running' || c.State === 'paused').map((c) => c.Id));
  for (const id of o.networks.changedAtOpen.filter((x) => running.has(x))) await o.refreshSettings(id);
  const released = await o.networks.releaseOrphans(running);
  for (const id of released) o.log(`container ${id}: released a network sandbox no running container owns`);
  const known = new Set(all.map((c) => c.Id));
  await sweepOrphanContainers({
    root: o.root, rootfsBase: join(o.root, 'rootfs'), runDir: o.runDir, known, rootfs: o.rootfs, mounts: o.mounts, log: o.log,
    snapshotIds: async () => (await o.snapshotKeys()).filter((k) => k.startsWith(SNAPSHOT_PREFIX)).map((k) => k.slice(SNAPSHOT_PREFIX.length)),
  });
  for (const v of await o.releaseVolumes(known)) o.log(`volume ${v}: removed, made for a container whose create did not finish`);
}
