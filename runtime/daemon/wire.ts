// The services berthd serves, adapted to the API's backends: events (one bus for everyone),
// images (content, snapshots, unpack), containers (crun/runc under conmon, rootfs from the image
// snapshots). Networks and volumes plug in here when they land.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { release } from 'node:os';
import type { Backends, EventsBackend } from '../api/backend';
import { EventBus } from '../events/index';
import { ImageService } from '../images/index';
import { createSyscalls } from '../mount/index';
import { UnpackWorkers } from '../unpack/index';
import { ContainerService } from '../containers/index';
import { TaskManager } from '../tasks/index';
import { selectRuntime } from '../oci/runtime-select';
import { runCommand } from '../oci/run-command';
import { parseProcLimits } from '../oci/rlimits';
import { imagesBackend } from './images-backend';
import { containersBackend } from './containers-backend';
import { SnapshotRootfs, imageLookup } from './rootfs';
import { NetworkService, containerNetworkHook, toNetworkSettings } from '../network/index';
import { VolumeService, ContainerMounts } from '../volumes/index';
import { startRestartManager } from './restarts';
import { recoverLeftovers } from './recovery';
import type { NetworksBackend, VolumesBackend } from '../api/backend';
import { DistributionService, type RegistryConfig } from '../distribution/index';
import { distributionBackend } from './distribution-backend';
import { Builder } from '../build/index';
import { buildBackend } from './build-backend';

export interface WireOptions {
  root: string;
  log: (line: string) => void;
  now: () => number;
  /** cgroup parent of the containers (default "berth"; tests use their own and remove it). */
  cgroupParent?: string;
  /** Prefix of bridges, veths, namespaces and the nftables table (default "berth"). */
  networkPrefix?: string;
  /** Tests: awaited inside each container removal's background teardown (see ContainerServiceOptions). */
  beforeTeardown?: (containerId: string) => Promise<void>;
  /** Tests: the daemon SIGKILLs itself at a named step (crash-point.ts). */
  crashPoint?: (step: string) => void;
  /** Insecure registries, docker.io mirrors, certs.d directory (dockerd's daemon.json keys). */
  registries?: RegistryConfig;
  /** Script of the unpack worker threads (worker-pool.ts); none: layers unpack on this thread. */
  unpackWorker?: string;
  /** Gives memory back (gc, malloc_trim): run when the last unpack worker has ended. */
  trimMemory?: () => void;
}

export interface WiredServices {
  backends: Omit<Backends, 'system'>;
  bus: EventBus;
  storageDriver: string;
  runtimeName: string;
  close(): Promise<void>;
}

/** The bus's clock in ns, from the daemon's ms clock. */
function nanos(now: () => number): () => bigint {
  return () => BigInt(Math.round(now() * 1000)) * 1000n;
}

export async function wireServices(opts: WireOptions): Promise<WiredServices> {
  const clock = nanos(opts.now);
  const bus = new EventBus(clock);
  const events: EventsBackend = { subscribe: (fn) => bus.subscribe(fn), recent: () => bus.since(0n) };
  const sys = createSyscalls();
  const late: { containers?: ContainerService } = {};
  // Image removal asks how many containers use an image (CONFLICT unless forced, as dockerd).
  const containersUsing = async (imageId: string): Promise<number> =>
    late.containers ? late.containers.list({ all: true }).filter((c) => c.ImageID === imageId).length : 0;
  // The workers' buffers stay in malloc's arena after they end (a 200 MB pull: 60 -> 163 MB
  // resident, 60 again after malloc_trim), so the memory is given back when the last one ends.
  const workers = opts.unpackWorker ? new UnpackWorkers(opts.unpackWorker, { onEmpty: opts.trimMemory }) : undefined;
  const images = await ImageService.open({ root: opts.root, sys, now: () => new Date(opts.now()), containersUsing, applier: workers?.apply });
  const distribution = new DistributionService({
    // an engine wired without a registry config (tests' in-process daemons) talks to loopback
    // registries only: only `berth engine daemon` (readRegistryConfig) may reach a real registry
    target: images.pullTarget(), config: opts.registries ?? { loopbackOnly: true }, now: opts.now,
    source: { get: (ref) => images.get(ref), read: (d) => images.content.read(d), path: (d) => images.content.path(d), has: (d) => images.content.has(d) },
  });
  const networks = await NetworkService.open({ stateRoot: opts.root, prefix: opts.networkPrefix, crashPoint: opts.crashPoint });
  const volumes = new VolumeService({ stateRoot: opts.root });
  const choice = await selectRuntime({ root: join(opts.root, 'runtime'), run: runCommand, log: opts.log });
  // Events from here on (recovery's `die`s) are replayed to the restart manager.
  const openedAtNs = clock() - 1n;
  const rootfs = new SnapshotRootfs(images, sys, join(opts.root, 'rootfs'));
  const mounts = new ContainerMounts(volumes, opts.root);
  const svc = await ContainerService.open({
    restartPolicies: 'external',
    root: opts.root,
    runDir: join(opts.root, 'run'),
    tasks: new TaskManager({ runtime: choice.runtime, run: runCommand }),
    rootfs,
    images: imageLookup(images),
    events: bus,
    host: { arch: process.arch, kernel: release(), limits: parseProcLimits(await readFile('/proc/self/limits', 'utf8')), initPath: '/usr/bin/catatonit' },
    cgroupParent: opts.cgroupParent ?? 'berth',
    network: containerNetworkHook(networks),
    mounts,
    log: opts.log,
    beforeTeardown: opts.beforeTeardown,
    crashPoint: opts.crashPoint,
  });
  late.containers = svc;
  const builder = new Builder({
    root: opts.root, images, runtime: choice.runtime, cgroupParent: opts.cgroupParent ?? 'berth',
    host: { arch: process.arch, kernel: release() }, now: () => new Date(opts.now()), platform: images.platform,
  });
  await builder.cleanup();
  await recoverLeftovers({
    root: opts.root, runDir: join(opts.root, 'run'), containers: svc, networks, rootfs, mounts, log: opts.log,
    releaseVolumes: (known) => volumes.releaseUnknownUsers(known),
    refreshSettings: (id) => refreshSettings(networks, svc, id),
    snapshotKeys: async () => (await images.snapshotter.list()).map((s) => s.key),
  });
  const restarts = startRestartManager(svc, bus, openedAtNs, opts.log);
  // A removed container's teardown runs after its removal is answered (runtime/containers
  // teardown.ts): what its overlay, endpoint or mounts still hold is awaited before the calls below.
  const quiesce = (): Promise<void> => svc.quiesce();
  return {
    backends: {
      events, images: imagesBackend(images, bus, quiesce), distribution: distributionBackend(distribution, bus), containers: containersBackend(svc, bus, opts.now),
      networks: networksBackend(networks, svc), volumes: volumesBackend(volumes),
      build: buildBackend(builder, bus),
      engine: { reset: async () => { await quiesce(); await networks.reset(); } },
    },
    bus,
    storageDriver: images.snapshotter.name === 'overlayfs' ? 'overlay2' : images.snapshotter.name,
    runtimeName: choice.runtime.name,
    // Stopping the engine leaves no mount or namespace of a removed container behind.
    close: async () => { restarts.close(); await quiesce(); svc.close(); await networks.close(); await distribution.close(); await workers?.close(); },
  };
}

function networksBackend(net: NetworkService, containers: ContainerService): NetworksBackend {
  return {
    create: (req) => net.create(req),
    inspect: (id) => net.inspect(id),
    list: (f) => net.list(f),
    // A removed container's endpoint is released in its teardown: wait for it, so the bridge
    // has no endpoint left (network rm right after `run --rm`, or compose down's network removal).
    remove: async (id) => { await containers.quiesce(); await net.remove(id); },
    prune: async (f) => { await containers.quiesce(); return net.prune(f); },
    // The body names the container as users type it; the network service keys by full id. A
    // container that is not running keeps the endpoint in its config for its next start, as
    // dockerd does (docker-compose v1 disconnects and reconnects right after create to set aliases).
    // Either way the container record is saved with the change, so inspect shows it at once.
    connect: async (id, ref, cfg) => {
      const rec = containers.get(ref);
      if (isLive(rec.state.status)) {
        await net.connect(id, rec.id, cfg);
        return refreshSettings(net, containers, rec.id);
      }
      const name = (await net.inspect(id)).Name;
      await containers.updateRecord(rec.id, (r) => {
        r.networkingConfig = { EndpointsConfig: { ...r.networkingConfig?.EndpointsConfig, [name]: cfg } };
      });
    },
    disconnect: async (id, ref) => {
      const rec = containers.get(ref);
      if (isLive(rec.state.status)) {
        await net.disconnect(id, rec.id);
        return refreshSettings(net, containers, rec.id);
      }
      const name = (await net.inspect(id)).Name;
      await containers.updateRecord(rec.id, (r) => {
        const endpoints = { ...r.networkingConfig?.EndpointsConfig };
        delete endpoints[name];
        r.networkingConfig = { EndpointsConfig: endpoints };
      });
    },
  };
}

const isLive = (status: string): boolean => status === 'running' || status === 'paused';

/** The container's NetworkSettings as the network service now sees its sandbox. */
async function refreshSettings(net: NetworkService, containers: ContainerService, id: string): Promise<void> {
  const info = net.sandboxInfo(id);
  if (info) await containers.updateRecord(id, (r) => { r.networkSettings = toNetworkSettings(id, info); });
}

function volumesBackend(v: VolumeService): VolumesBackend {
  return {
    create: (req) => v.create(req),
    inspect: (name) => v.inspect(name),
    list: (f) => v.list(f),
    remove: (name, force) => v.remove(name, force),
    prune: (f) => v.prune(f),
  };
}
