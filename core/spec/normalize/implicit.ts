// What compose-go's normalize.go adds that nobody wrote: the implicit `default` network and the
// implicit depends_on entries from links, `service:` namespaces and volumes_from.
import type { Obj } from './mappings';

function setIfMissing(svc: Obj, name: string, restart: boolean): void {
  const deps = (svc.depends_on ??= {}) as Record<string, Obj>;
  if (deps[name]) return;
  deps[name] = restart ? { condition: 'service_started', restart: true, required: true } : { condition: 'service_started', required: true };
}

export function addImplicitDependencies(svc: Obj): void {
  for (const link of (svc.links ?? []) as string[]) setIfMissing(svc, link.split(':')[0]!, true);
  for (const k of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const v = svc[k];
    if (typeof v === 'string' && v.startsWith('service:')) setIfMissing(svc, v.slice('service:'.length), true);
  }
  for (const vf of (svc.volumes_from ?? []) as string[]) {
    if (!vf.startsWith('container:')) setIfMissing(svc, vf.split(':')[0]!, false);
  }
}

/** Services with neither networks nor network_mode join `default`; returns whether any did. */
export function addDefaultNetwork(services: Record<string, Obj>): boolean {
  let used = false;
  for (const svc of Object.values(services)) {
    if (svc.network_mode !== undefined || svc.provider !== undefined) continue;
    if (svc.networks === undefined) svc.networks = { default: null };
    if (Object.hasOwn(svc.networks as Obj, 'default')) used = true;
  }
  return used;
}
