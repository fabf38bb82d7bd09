// Named volumes as PersistentVolumeClaims: size and storage class from the volume's x-kubernetes
// block (size, storageClass, accessModes), else from --volume-size / --storage-class. A volume
// mounted by several services needs ReadWriteMany, which not every storage class offers.
import { dnsLabel } from './names';
import { deepMerge, xKubernetes } from './merge';
import type { ProjectScope } from './scope';
import type { KubeObject, Project } from './types';
import { wantsStatefulSetOf } from './stateful';

/** The services that mount the named volume `key`. */
export function volumeUsers(project: Project, key: string): string[] {
  return Object.entries(project.services)
    .filter(([, svc]) => (svc.volumes ?? []).some((m) => m.type === 'volume' && m.source === key))
    .map(([name]) => name);
}

export function isShared(project: Project, key: string): boolean {
  return volumeUsers(project, key).length > 1;
}

export function claimSpec(p: ProjectScope, key: string): Record<string, unknown> {
  const x = xKubernetes(p.project.volumes?.[key]);
  const shared = isShared(p.project, key);
  const storageClass = (x.storageClass as string | undefined) ?? p.opts.storageClass;
  const spec: Record<string, unknown> = {
    accessModes: (x.accessModes as string[] | undefined) ?? [shared ? 'ReadWriteMany' : 'ReadWriteOnce'],
    resources: { requests: { storage: String(x.size ?? p.opts.volumeSize) } },
    ...(storageClass ? { storageClassName: storageClass } : {}),
  };
  return deepMerge(spec, x.spec);
}

/** One claim per named volume that some service mounts outside a StatefulSet's templates. */
export function claims(p: ProjectScope): KubeObject[] {
  const out: KubeObject[] = [];
  for (const [key, config] of Object.entries(p.project.volumes ?? {})) {
    const users = volumeUsers(p.project, key);
    if (users.length === 0) continue;
    const path = ['volumes', key];
    if (config.external) {
      p.report.changed([...path, 'external'], `no claim is created: one named ${dnsLabel(config.name ?? key)} must exist in the namespace`);
      continue;
    }
    if (users.length === 1 && wantsStatefulSetOf(p.project.services[users[0]!])) continue;
    if (users.length > 1) p.report.changed(path, `shared by ${users.join(', ')}: a ReadWriteMany claim, which needs a storage class that offers it`);
    if (config.driver) p.report.dropped([...path, 'driver'], 'the storage class chooses the driver');
    if (config.driver_opts) p.report.dropped([...path, 'driver_opts'], 'the storage class chooses the driver');
    const annotations = config.labels && Object.keys(config.labels).length > 0 ? { metadata: { annotations: config.labels } } : {};
    out.push(deepMerge(p.object('v1', 'PersistentVolumeClaim', dnsLabel(key), { spec: claimSpec(p, key) }), annotations));
  }
  return out;
}
