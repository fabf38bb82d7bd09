// The state every container verb shares: the records (memory and JsonStore), the per-container
// lock, exit notifications, the service's options, and how a record is found, saved and announced.
// ContainerLifecycle (create/start/exit/remove) builds on it.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { EngineError, asEngineError } from '../errors';
import { JsonStore } from '../metadata/json-store';
import type { EventBus } from '../events/event-bus';
import type { TaskManager } from '../tasks/task-manager';
import { taskPaths, type TaskPaths } from '../tasks/task-paths';
import type { ImageLookup, MountProvider, NetworkHook, RootfsProvider } from './providers';
import { HostMounts } from './host-mounts';
import type { HostFacts } from './container-spec';
import type { ContainerRecord } from './record';
import { lookup, NameReservations } from './names';
import { KeyedMutex } from './keyed-mutex';
import { writeRecordNoSync } from './record-write';
import { createFsafeSyscalls, type FsafeSyscalls } from '../fsafe/index';

export interface ContainerServiceOptions {
  /** State root: records and container dirs live under <root>/containers. */
  root: string;
  /** Short directory for conmon's attach sockets (unix socket paths max 108 bytes). */
  runDir: string;
  tasks: TaskManager;
  rootfs: RootfsProvider;
  images: ImageLookup;
  events: EventBus;
  host: HostFacts;
  mounts?: MountProvider;
  network?: NetworkHook;
  now?: () => Date;
  /** Log rotation size in bytes (conmon --log-size-max); default 10 MiB. */
  logSizeMax?: number;
  /**
   * Who applies restart policies: "builtin" (default: immediately after an exit, and at
   * recovery) or "external" (runtime/restart's RestartManager with dockerd's back-off, through
   * describeForRestart / policyRestart / markRestarting).
   */
  restartPolicies?: 'builtin' | 'external';
  /** Reuse crun's compiled seccomp filter across containers with the same profile (default true). */
  seccompCache?: boolean;
  /** cgroup parent for containers (cgroupsPath = /<parent>/<id>). */
  cgroupParent?: string;
  log?: (msg: string) => void;
  /** Tests: awaited inside each removal's background teardown, after its journal entry is written. */
  beforeTeardown?: (containerId: string) => Promise<void>;
  /** Tests: called at named steps of create, start and remove (the daemon SIGKILLs itself at a chosen one). */
  crashPoint?: (step: string) => void;
  /** The *at system calls docker cp goes through; bound from libc when absent. */
  fsafe?: FsafeSyscalls;
}

/** Runs `fn`; if it fails, runs `cleanup` and reports both errors, as youki does on failed setup. */
export async function withCleanup<T>(fn: () => Promise<T>, cleanup: () => Promise<void>, what: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = asEngineError(err, 'INTERNAL');
    try { await cleanup(); } catch (cerr) {
      throw new EngineError(e.code, `${what}: ${e.message}; cleanup also failed: ${(cerr as Error).message}`, { cause: new AggregateError([err, cerr]) });
    }
    throw new EngineError(e.code, `${what}: ${e.message}`, { cause: err });
  }
}

export class ContainerBase {
  protected readonly records = new Map<string, ContainerRecord>();
  /** Names held by creates in flight (see names.ts). */
  protected readonly reservedNames = new NameReservations();
  protected readonly store: JsonStore<ContainerRecord>;
  protected readonly lock = new KeyedMutex();
  protected readonly exits = new EventEmitter();
  protected readonly now: () => Date;
  protected readonly mounts: MountProvider;

  /** File operations inside containers' roots (docker cp, User lookups): runtime/fsafe. */
  protected readonly fsys: FsafeSyscalls;

  constructor(protected readonly o: ContainerServiceOptions) {
    this.fsys = o.fsafe ?? createFsafeSyscalls();
    this.store = new JsonStore(join(o.root, 'containers', 'records'));
    this.now = o.now ?? (() => new Date());
    this.mounts = o.mounts ?? new HostMounts();
    this.exits.setMaxListeners(0);
  }

  paths(rec: ContainerRecord): TaskPaths {
    return { ...taskPaths(rec.dir), socketDir: join(this.o.runDir, rec.id.slice(0, 12)) };
  }

  get(ref: string): ContainerRecord {
    return lookup([...this.records.values()], ref);
  }

  protected async persist(rec: ContainerRecord): Promise<void> {
    await this.store.put(rec.id, rec);
  }

  /** Applies a change made on the container's behalf elsewhere (a network connect) and saves it. */
  async updateRecord(ref: string, change: (rec: ContainerRecord) => void): Promise<void> {
    const rec = this.get(ref);
    change(rec);
    await this.persist(rec);
  }

  /** A write recovery can do without (see record-write.ts): the exited state, read back from conmon. */
  protected async persistExited(rec: ContainerRecord): Promise<void> {
    await writeRecordNoSync(join(this.o.root, 'containers', 'records'), rec.id, rec);
  }

  protected crashPoint(step: string): void {
    this.o.crashPoint?.(step);
  }

  protected emit(rec: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.o.events.publish({
      Type: 'container', Action: action,
      Actor: { ID: rec.id, Attributes: { ...(rec.config.Labels ?? {}), image: rec.image, name: rec.name, ...extra } },
    });
  }
}
