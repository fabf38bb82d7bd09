// A service's mounts as pod volumes: named volumes as PersistentVolumeClaims (or a StatefulSet's
// claim templates), anonymous volumes and tmpfs as emptyDirs, bind mounts refused unless
// --host-path turns them into the node's hostPath, since a node has no copy of the user's files.
import type { VolumeMount } from '../spec/model/project';
import { bytesQuantity } from './quantities';
import { dnsLabel } from './names';
import type { ServiceScope } from './scope';
import { claimSpec, isShared } from './claims';
import { wantsStatefulSetOf } from './stateful';

export interface StorageParts {
  volumes: Array<Record<string, unknown>>;
  mounts: Array<Record<string, unknown>>;
  /** A StatefulSet's per-replica claims (when the service asks for stable storage). */
  claimTemplates: Array<Record<string, unknown>>;
  /** True when a ReadWriteOnce claim is mounted: a rolling update would wait for it forever. */
  exclusiveClaim: boolean;
}

/** `x-kubernetes: {controller: statefulset}` asks for stable storage: one claim per replica. */
export function wantsStatefulSet(s: ServiceScope): boolean {
  return wantsStatefulSetOf(s.svc);
}

export function storage(s: ServiceScope): StorageParts {
  const parts: StorageParts = { volumes: [], mounts: [], claimTemplates: [], exclusiveClaim: false };
  (s.svc.volumes ?? []).forEach((m, i) => mount(s, parts, m, i));
  tmpfsList(s, parts);
  if (s.svc.shm_size) {
    parts.volumes.push({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: bytesQuantity(s.svc.shm_size) } });
    parts.mounts.push({ name: 'dshm', mountPath: '/dev/shm' });
  }
  return parts;
}

function mount(s: ServiceScope, parts: StorageParts, m: VolumeMount, i: number): void {
  const path = [...s.path, 'volumes', i];
  if (!m.target) return;
  const base: Record<string, unknown> = { mountPath: m.target, ...(m.read_only ? { readOnly: true } : {}) };
  const volume = pickVolume(s, parts, m, i);
  if (!volume) return;
  if (m.volume?.subpath) base.subPath = m.volume.subpath;
  if (m.bind?.propagation) s.report.dropped([...path, 'bind', 'propagation'], 'mount propagation is not carried');
  if (m.bind?.selinux) s.report.dropped([...path, 'bind', 'selinux'], 'SELinux relabelling is the cluster\'s');
  if (!parts.volumes.some((v) => v.name === volume.name) && !parts.claimTemplates.some((c) => (c.metadata as { name: string }).name === volume.name)) {
    if (volume.spec) parts.claimTemplates.push({ metadata: { name: volume.name }, spec: volume.spec });
    else parts.volumes.push(volume);
  }
  parts.mounts.push({ name: volume.name, ...base });
}

function pickVolume(s: ServiceScope, parts: StorageParts, m: VolumeMount, i: number): Record<string, unknown> | undefined {
  const path = [...s.path, 'volumes', i];
  if (m.type === 'volume' && m.source) return named(s, parts, m.source, path, m.volume?.nocopy === true);
  if (m.type === 'volume') {
    s.report.changed(path, 'anonymous volume: an emptyDir, emptied whenever the pod is replaced');
    return { name: `anon-${i}`, emptyDir: {} };
  }
  if (m.type === 'tmpfs' && m.tmpfs?.mode !== undefined) s.report.dropped([...path, 'tmpfs', 'mode'], 'an emptyDir has no mode');
  if (m.type === 'tmpfs') return { name: `tmpfs-${i}`, emptyDir: { medium: 'Memory', ...(m.tmpfs?.size ? { sizeLimit: bytesQuantity(m.tmpfs.size) } : {}) } };
  if (m.type === 'bind') return bind(s, m, i);
  s.report.dropped(path, `${m.type} mount: no equivalent`);
  return undefined;
}

function named(s: ServiceScope, parts: StorageParts, source: string, path: Array<string | number>, nocopy: boolean): Record<string, unknown> {
  const name = dnsLabel(source);
  const config = s.project.volumes?.[source] ?? {};
  // compose fills an empty named volume with the image's files at that path; a new claim is empty.
  if (!nocopy) s.report.changed(path, 'a new claim starts empty: the image\'s files at this path are not copied into it');
  if (wantsStatefulSet(s) && !config.external && !isShared(s.project, source)) {
    return { name, spec: claimSpec(s, source) };
  }
  if (config.external || !isShared(s.project, source)) parts.exclusiveClaim = true;
  const claimName = config.external ? dnsLabel(config.name ?? source) : name;
  return { name, persistentVolumeClaim: { claimName } };
}

function bind(s: ServiceScope, m: VolumeMount, i: number): Record<string, unknown> | undefined {
  const path = [...s.path, 'volumes', i];
  const shown = relativeTo(s.project.meta.workingDir, m.source ?? '');
  if (!s.opts.hostPath) {
    s.report.dropped(path, `bind mount of ${shown}: refused, a node has no copy of it (--host-path mounts the node's own path)`);
    return undefined;
  }
  s.report.changed(path, `bind mount of ${shown}: hostPath, the path on whichever node runs the pod`);
  const type = m.bind?.create_host_path === false ? '' : 'DirectoryOrCreate';
  return { name: `bind-${i}`, hostPath: { path: m.source, ...(type ? { type } : {}) } };
}

/** A path under the project directory as ./x, as the user wrote it. */
function relativeTo(dir: string, path: string): string {
  if (path === dir) return '.';
  return path.startsWith(`${dir}/`) ? `./${path.slice(dir.length + 1)}` : path;
}

/** `tmpfs: [/run:size=64m,mode=1777]` → in-memory emptyDirs (a mode is not carried). */
function tmpfsList(s: ServiceScope, parts: StorageParts): void {
  (s.svc.tmpfs ?? []).forEach((entry, i) => {
    const [target = '', options = ''] = entry.split(/:(.*)/s);
    const opts = Object.fromEntries(options.split(',').filter(Boolean).map((o) => o.split('=') as [string, string]));
    const size = opts.size ? sizeBytes(opts.size) : undefined;
    if (opts.mode !== undefined) s.report.dropped([...s.path, 'tmpfs', i], 'tmpfs mode: an emptyDir has no mode');
    const name = `tmpfs-list-${i}`;
    parts.volumes.push({ name, emptyDir: { medium: 'Memory', ...(size ? { sizeLimit: bytesQuantity(size) } : {}) } });
    parts.mounts.push({ name, mountPath: target });
  });
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** tmpfs sizes as mount(8) reads them: 64m, 1g, 65536. */
function sizeBytes(text: string): number | undefined {
  const m = /^(\d+)([bkmg]?)b?$/i.exec(text.trim());
  return m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : undefined;
}
