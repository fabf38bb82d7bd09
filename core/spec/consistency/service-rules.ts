// Rules inside one service or across services that are not references: image or build,
// network_mode with networks, container names, scale, device requests, mounts, healthcheck.
// Messages as compose-go's validation/validation.go and loader/validate.go word them.
import type { Obj } from '../normalize/mappings';
import type { Problem } from './references';

function deviceRequests(svc: Obj): Obj[] {
  const deploy = svc.deploy as Obj | undefined;
  const res = deploy?.resources as Obj | undefined;
  const devs = ((res?.reservations as Obj | undefined)?.devices ?? []) as Obj[];
  return [...devs, ...((svc.gpus ?? []) as Obj[])];
}

/** Always checked (compose-go validates these before the consistency stage). */
export function checkStructure(name: string, svc: Obj): Problem[] {
  const out: Problem[] = [];
  const at = (field: string, message: string, ...rest: (string | number)[]): void => { out.push({ message, path: ['services', name, field, ...rest] }); };
  for (const d of deviceRequests(svc)) {
    if (d.count !== undefined && d.device_ids !== undefined) at('deploy', `services.${name}: "count" and "device_ids" attributes are exclusive`);
  }
  ((svc.volumes ?? []) as Obj[]).forEach((v, i) => {
    if (v.type === 'bind' && (v.source === undefined || v.source === '')) at('volumes', `services.${name}.volumes[${i}]: invalid mount config for type "bind": field Source must not be empty`, i);
    if (v.type === 'volume' && v.target === undefined) at('volumes', `services.${name}.volumes[${i}]: invalid mount config: field Target must not be empty`, i);
  });
  ((svc.ports ?? []) as Obj[]).forEach((p, i) => {
    const t = Number(p.target);
    if (!Number.isInteger(t) || t < 1 || t > 65535) at('ports', `services.${name}.ports[${i}]: invalid container port ${String(p.target)}`, i);
    if (p.published !== undefined && !/^\d{1,5}(-\d{1,5})?$/.test(String(p.published))) at('ports', `services.${name}.ports[${i}]: invalid published port ${String(p.published)}`, i);
  });
  const watch = ((svc.develop as Obj | undefined)?.watch ?? []) as Obj[];
  watch.forEach((w, i) => { if (!w.path) at('develop', `services.${name}.develop.watch[${i}]: path is required`, 'watch', i); });
  return out;
}

/** The consistency stage proper (skipped by --no-consistency). */
export function checkService(name: string, svc: Obj): Problem[] {
  const out: Problem[] = [];
  const at = (field: string, message: string): void => { out.push({ message, path: ['services', name, field] }); };
  if (svc.image === undefined && svc.build === undefined && svc.provider === undefined) {
    out.push({ message: `service "${name}" has neither an image nor a build context specified: invalid compose project`, path: ['services', name] });
  }
  if (svc.network_mode !== undefined && svc.networks !== undefined) at('network_mode', `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: invalid compose project`);
  const replicas = (svc.deploy as Obj | undefined)?.replicas;
  if (svc.scale !== undefined && replicas !== undefined && svc.scale !== replicas) at('scale', `services.${name}: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project`);
  const scale = (svc.scale ?? replicas ?? 1) as number;
  if (svc.container_name !== undefined && scale > 1) at('container_name', `services.${name}: can't set container_name and ${svc.scale !== undefined ? 'scale' : 'deploy.replicas'} with value > 1: invalid compose project`);
  const test = (svc.healthcheck as Obj | undefined)?.test as string[] | undefined;
  if (test && test.length > 0 && !['NONE', 'CMD', 'CMD-SHELL'].includes(test[0]!)) at('healthcheck', `services.${name}.healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE": invalid compose project`);
  return out;
}

export function checkContainerNames(services: Record<string, Obj>): Problem[] {
  const owner = new Map<string, string>();
  const out: Problem[] = [];
  for (const [name, svc] of Object.entries(services)) {
    const cn = svc.container_name;
    if (typeof cn !== 'string') continue;
    const prev = owner.get(cn);
    if (prev !== undefined) out.push({ message: `services.${name}: container name "${cn}" is already in use by "${prev}": invalid compose project`, path: ['services', name, 'container_name'] });
    else owner.set(cn, name);
  }
  return out;
}
