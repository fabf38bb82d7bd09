// A container's storage, resolved into config.json mounts: binds, named and anonymous volumes
// (created on demand, acquired, copied up on first use unless nocopy), tmpfs, and volumes_from.
// The result is recorded per container so volumes_from and release can find it later.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../errors';
import { JsonStore } from '../metadata/json-store';
import { copyUp } from './copy-up';
import { createFsafeSyscalls, type FsafeSyscalls } from '../fsafe/index';
import { fromDockerMount, fromTmpfs, parseBind, parseVolumesFrom, type MountSpec } from './mount-specs';
import type { VolumeService } from './volume-service';
import type { MountRequest, OciMount, ResolvedMounts } from './types';

interface ContainerMountsRecord {
  containerId: string;
  mounts: OciMount[];
  volumes: string[];
  anonymous: string[];
  /** Destination → volume name (absent in records written before it existed). */
  volumeAt?: Record<string, string>;
}

// Docker mounts tmpfs with these unless told otherwise (runconfig/opts, --tmpfs).
const TMPFS_DEFAULTS = ['nosuid', 'nodev', 'noexec'];

export class ContainerMounts {
  private readonly store: JsonStore<ContainerMountsRecord>;

  /** Copy-up resolves paths inside the rootfs through these (runtime/fsafe). */
  private readonly fsafe: FsafeSyscalls;

  constructor(private readonly volumes: VolumeService, stateRoot: string, fsafe?: FsafeSyscalls) {
    this.store = new JsonStore(join(stateRoot, 'volumes', '_containers'));
    this.fsafe = fsafe ?? createFsafeSyscalls();
  }

  async resolve(containerId: string, req: MountRequest): Promise<ResolvedMounts> {
    const specs = await this.collect(req);
    const rec: ContainerMountsRecord = { containerId, mounts: [], volumes: [], anonymous: [], volumeAt: {} };
    try {
      checkDuplicates(specs.map((s) => s.target));
      for (const s of specs) rec.mounts.push(await this.one(containerId, s, req.rootfs, rec));
      rec.mounts.push(...(await this.inherited(req.volumesFrom ?? [], rec, containerId)));
      checkDuplicates(rec.mounts.map((m) => m.destination));
    } catch (err) {
      // All or nothing: what this call acquired is given back.
      for (const v of rec.volumes) await this.volumes.release(v, containerId).catch(() => undefined);
      throw err;
    }
    // Parents before children, as dockerd sorts them, so /a is mounted before /a/b.
    rec.mounts.sort((a, b) => depth(a.destination) - depth(b.destination));
    // No mount, no record: nothing to release, nothing a volumes_from could inherit (it finds
    // no record and answers NOT_FOUND, as for an unknown container). Saves a durable write
    // (two fsyncs) on every plain create; release and mountsOf read a missing file as none.
    if (rec.mounts.length > 0) await this.store.put(containerId, rec);
    return { mounts: rec.mounts, volumes: rec.volumes, volumeAt: rec.volumeAt ?? {} };
  }

  private async collect(req: MountRequest): Promise<MountSpec[]> {
    const specs: MountSpec[] = [
      ...(req.binds ?? []).map(parseBind),
      ...(req.mounts ?? []).map(fromDockerMount),
      ...Object.entries(req.tmpfs ?? {}).map(([t, o]) => fromTmpfs(t, o)),
    ];
    const covered = new Set(specs.map((s) => s.target));
    for (const t of req.anonymousVolumes ?? []) {
      if (!covered.has(t)) specs.push({ kind: 'volume', name: undefined, target: t, readOnly: false, noCopy: false });
    }
    return specs;
  }

  private async one(containerId: string, s: MountSpec, rootfs: string | undefined, rec: ContainerMountsRecord): Promise<OciMount> {
    const mode = s.readOnly ? 'ro' : 'rw';
    if (s.kind === 'tmpfs') return { destination: s.target, type: 'tmpfs', source: 'tmpfs', options: [...TMPFS_DEFAULTS, mode, ...s.options] };
    if (s.kind === 'bind') {
      const exists = await stat(s.source).then(() => true, () => false);
      if (!exists && !s.create) throw new EngineError('INVALID_ARGUMENT', `invalid mount config for type "bind": bind source path does not exist: ${s.source}`);
      if (!exists) await mkdir(s.source, { recursive: true });
      return { destination: s.target, type: 'bind', source: s.source, options: ['rbind', mode, s.propagation] };
    }
    const vol = await this.volumes.create({ Name: s.name, Labels: s.labels, DriverOpts: s.driverOpts }, containerId);
    const dir = await this.volumes.acquire(vol.Name, containerId);
    rec.volumes.push(vol.Name);
    (rec.volumeAt ??= {})[s.target] = vol.Name;
    if (!s.name) rec.anonymous.push(vol.Name);
    if (!s.noCopy && rootfs) await copyUp(this.fsafe, rootfs, s.target, dir);
    return { destination: s.target, type: 'bind', source: dir, options: ['rbind', mode, 'rprivate'] };
  }

  /** volumes_from: the other container's volumes and binds (not its tmpfs), optionally forced ro/rw. */
  private async inherited(specs: string[], rec: ContainerMountsRecord, containerId: string): Promise<OciMount[]> {
    const out: OciMount[] = [];
    for (const spec of specs) {
      const { container, mode } = parseVolumesFrom(spec);
      // No record: a container created without mounts (none is written then). Whether the
      // container exists is the caller's check (the container service resolves the reference).
      const other = await this.store.get(container);
      if (!other) continue;
      for (const m of other.mounts.filter((x) => x.type === 'bind')) {
        const options = mode ? m.options.map((o) => (o === 'ro' || o === 'rw' ? mode : o)) : m.options;
        out.push({ ...m, options });
        const vol = other.volumes.find((v) => m.source === this.volumes.dataDir(v));
        if (vol) {
          await this.volumes.acquire(vol, containerId);
          rec.volumes.push(vol);
          (rec.volumeAt ??= {})[m.destination] = vol;
        }
      }
    }
    return out;
  }

  /** The container is gone: release its volumes; with removeAnonymous (docker rm -v) delete its anonymous ones. */
  async release(containerId: string, opts: { removeAnonymous?: boolean } = {}): Promise<void> {
    const rec = await this.store.get(containerId);
    if (!rec) return;
    for (const v of rec.volumes) await this.volumes.release(v, containerId);
    if (opts.removeAnonymous) {
      for (const v of rec.anonymous) await this.volumes.remove(v).catch(() => undefined);
    }
    await this.store.delete(containerId);
  }

  async mountsOf(containerId: string): Promise<OciMount[] | undefined> {
    return (await this.store.get(containerId))?.mounts;
  }
}

function checkDuplicates(targets: string[]): void {
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t)) throw new EngineError('INVALID_ARGUMENT', `Duplicate mount point: ${t}`);
    seen.add(t);
  }
}

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}
