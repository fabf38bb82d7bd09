// VolumeService: named volumes of the `local` driver under <stateRoot>/volumes/<name>/_data, as
// dockerd lays them out. Records keep labels, options and the containers using each volume
// (the in-use refcount: a volume in use cannot be removed). A volume created with DriverOpts
// (type/o/device, e.g. type=tmpfs) is mounted on first use and unmounted when the last user goes,
// as the local driver does.
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { EngineError } from '../errors';
import { JsonStore } from '../metadata/json-store';
import type { Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse, VolumeRecord } from './types';

export interface VolumeServiceOptions {
  stateRoot: string;
  clock?: () => Date;
  randomHex?: (bytes: number) => string;
}

/** Docker's filters query: {"label": ["k=v"], "name": ["x"], "dangling": ["true"], "all": ["true"]}. */
export type VolumeFilters = Record<string, string[]>;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export class VolumeService {
  private readonly store: JsonStore<VolumeRecord>;
  private readonly root: string;
  private readonly clock: () => Date;
  private readonly randomHex: (bytes: number) => string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(opts: VolumeServiceOptions) {
    this.root = join(opts.stateRoot, 'volumes');
    this.store = new JsonStore(join(this.root, '_records'));
    this.clock = opts.clock ?? (() => new Date());
    this.randomHex = opts.randomHex ?? ((n) => randomBytes(n).toString('hex'));
  }

  dataDir(name: string): string {
    return join(this.root, name, '_data');
  }

  private async record(name: string): Promise<VolumeRecord> {
    const rec = NAME.test(name) ? await this.store.get(name) : undefined;
    if (!rec) throw new EngineError('NOT_FOUND', `get ${name}: no such volume`);
    return rec;
  }

  private toVolume(r: VolumeRecord): Volume {
    return {
      Name: r.name, Driver: 'local', Mountpoint: this.dataDir(r.name), CreatedAt: r.created,
      Labels: r.labels, Scope: 'local', Options: Object.keys(r.options).length ? r.options : null,
      UsageData: { Size: -1, RefCount: r.users.length },
    };
  }

  /** Record read-modify-writes (refcounts, create-if-absent) run one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Creates the volume, or returns the existing one of that name (as dockerd does). */
  create(req: VolumeCreateRequest = {}, createdFor?: string): Promise<Volume> {
    return this.serial(() => this.createLocked(req, createdFor));
  }

  private async createLocked(req: VolumeCreateRequest, createdFor?: string): Promise<Volume> {
    const anonymous = !req.Name;
    const name = req.Name || this.randomHex(32);
    if (!NAME.test(name)) throw new EngineError('INVALID_ARGUMENT', `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed`);
    if (req.Driver && req.Driver !== 'local') throw new EngineError('NOT_IMPLEMENTED', `volume driver "${req.Driver}" is not supported (only local)`);
    const existing = await this.store.get(name);
    if (existing) return this.toVolume(existing);
    const options = req.DriverOpts ?? {};
    if (Object.keys(options).length && !options.type) throw new EngineError('INVALID_ARGUMENT', 'local volume options need a "type" (e.g. type=tmpfs or type=none,o=bind,device=/path)');
    const labels = { ...(req.Labels ?? {}), ...(anonymous ? { [ANONYMOUS_LABEL]: '' } : {}) };
    const rec: VolumeRecord = { name, created: this.clock().toISOString(), labels, options, anonymous, users: [], ...(anonymous && createdFor ? { createdFor } : {}) };
    await mkdir(this.dataDir(name), { recursive: true, mode: 0o755 });
    await this.store.put(name, rec);
    return this.toVolume(rec);
  }

  async inspect(name: string): Promise<Volume> {
    return this.toVolume(await this.record(name));
  }

  async list(filters: VolumeFilters = {}): Promise<VolumeListResponse> {
    const recs = (await this.store.list()).map((e) => e.value).filter((r) => matches(r, filters));
    return { Volumes: recs.map((r) => this.toVolume(r)), Warnings: [] };
  }

  /** A volume in use is refused, even with force (dockerd's rule); force ignores a missing one. */
  remove(name: string, force = false): Promise<void> {
    return this.serial(() => this.removeLocked(name, force));
  }

  private async removeLocked(name: string, force: boolean): Promise<void> {
    const rec = await this.record(name).catch((err) => {
      if (force) return undefined;
      throw err;
    });
    if (!rec) return;
    if (rec.users.length) throw new EngineError('CONFLICT', `remove ${name}: volume is in use - [${rec.users.join(', ')}]`);
    await rm(join(this.root, name), { recursive: true, force: true });
    await this.store.delete(name);
  }

  /** Removes unused volumes: anonymous ones only, unless filters.all=true (API 1.42+ behaviour). */
  prune(filters: VolumeFilters = {}): Promise<VolumePruneResponse> {
    return this.serial(() => this.pruneLocked(filters));
  }

  private async pruneLocked(filters: VolumeFilters): Promise<VolumePruneResponse> {
    const all = filters.all?.includes('true') || filters.all?.includes('1');
    const deleted: string[] = [];
    for (const v of (await this.list({ ...filters, all: [] })).Volumes) {
      const rec = await this.record(v.Name);
      if (rec.users.length || (!all && !rec.anonymous)) continue;
      await this.removeLocked(v.Name, false);
      deleted.push(v.Name);
    }
    return { VolumesDeleted: deleted, SpaceReclaimed: 0 };
  }

  /** Marks the volume used by the container; returns the directory to mount. */
  acquire(name: string, containerId: string): Promise<string> {
    return this.serial(() => this.acquireLocked(name, containerId));
  }

  private async acquireLocked(name: string, containerId: string): Promise<string> {
    const rec = await this.record(name);
    if (!rec.users.includes(containerId)) {
      if (rec.users.length === 0 && rec.options.type) await this.mountDriver(rec);
      rec.users.push(containerId);
      await this.store.put(name, rec);
    }
    return this.dataDir(name);
  }

  release(name: string, containerId: string): Promise<void> {
    return this.serial(() => this.releaseLocked(name, containerId));
  }

  private async releaseLocked(name: string, containerId: string): Promise<void> {
    const rec = await this.store.get(name);
    if (!rec || !rec.users.includes(containerId)) return;
    rec.users = rec.users.filter((u) => u !== containerId);
    if (rec.users.length === 0 && rec.options.type) await run('umount', [this.dataDir(name)]);
    await this.store.put(name, rec);
  }

  /**
   * After a crash: references held by containers that do not exist (a create cut short before
   * its record was written) are dropped, and the anonymous volumes made for such a container go
   * with them, as `rm -v` would have removed them. Returns the names of the removed volumes.
   */
  releaseUnknownUsers(known: ReadonlySet<string>): Promise<string[]> {
    return this.serial(async () => {
      const removed: string[] = [];
      for (const { value: rec } of await this.store.list()) {
        for (const u of rec.users.filter((x) => !known.has(x))) await this.releaseLocked(rec.name, u);
        const orphan = rec.anonymous && rec.createdFor !== undefined && !known.has(rec.createdFor);
        if (orphan && rec.users.every((u) => !known.has(u))) {
          await this.removeLocked(rec.name, true);
          removed.push(rec.name);
        }
      }
      return removed;
    });
  }

  private async mountDriver(rec: VolumeRecord): Promise<void> {
    const { type, o, device } = rec.options;
    if (device && type === 'none') await stat(device).catch((e) => { throw new EngineError('NOT_FOUND', `volume ${rec.name}: device ${device} does not exist`, { cause: e }); });
    await run('mount', ['-t', type, ...(o ? ['-o', o] : []), device || type, this.dataDir(rec.name)]);
  }
}

function matches(r: VolumeRecord, f: VolumeFilters): boolean {
  const labelOk = (f.label ?? []).every((l) => {
    const [k, v] = l.split('=');
    return v === undefined ? k in r.labels : r.labels[k] === v;
  });
  const nameOk = !f.name?.length || f.name.some((n) => r.name.includes(n));
  const dangling = f.dangling?.[0];
  const danglingOk = dangling === undefined || (dangling === 'true' || dangling === '1') === (r.users.length === 0);
  return labelOk && nameOk && danglingOk;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', (e) => reject(new EngineError('UNAVAILABLE', `cannot run ${cmd}: ${e.message}`, { cause: e })));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new EngineError('INTERNAL', `${cmd} ${args.join(' ')}: ${err.trim()}`))));
  });
}
