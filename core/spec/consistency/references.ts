// References from services to things that must exist: services (depends_on, links,
// network_mode/ipc/pid... service:x, volumes_from), networks, named volumes, secrets, configs.
// Wording follows compose-go loader/validate.go so users can search for it.
import type { Obj } from '../normalize/mappings';
import { didYouMean } from '../model/did-you-mean';

export interface Problem {
  message: string;
  path: (string | number)[];
}

type Services = Record<string, Obj>;

/** " (did you mean \"db\"?)" when a declared name is one typo away. */
function hint(name: string, declared: object | undefined): string {
  const s = didYouMean(name, Object.keys(declared ?? {}));
  return s ? ` (did you mean "${s}"?)` : '';
}

function serviceRefs(name: string, svc: Obj, services: Services, out: Problem[]): void {
  // Own properties only: `toString` or `constructor` are names like any other, not Object's.
  const known = (s: string): boolean => Object.hasOwn(services, s);
  for (const [dep, d] of Object.entries((svc.depends_on ?? {}) as Record<string, Obj>)) {
    // An optional dependency may be absent (compose-go only warns).
    if (!known(dep) && d.required !== false) out.push({ message: `service "${name}" depends on undefined service "${dep}": invalid compose project${hint(dep, services)}`, path: ['services', name, 'depends_on', dep] });
  }
  ((svc.links ?? []) as string[]).forEach((l, i) => {
    const target = l.split(':')[0]!;
    if (!known(target)) out.push({ message: `service "${name}" links to undefined service "${target}": invalid compose project`, path: ['services', name, 'links', i] });
  });
  for (const k of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const v = svc[k];
    if (typeof v === 'string' && v.startsWith('service:') && !known(v.slice(8))) {
      out.push({ message: `service "${name}" refers to undefined service "${v.slice(8)}" in ${k}: invalid compose project`, path: ['services', name, k] });
    }
  }
  ((svc.volumes_from ?? []) as string[]).forEach((vf, i) => {
    const target = vf.split(':')[0]!;
    if (!vf.startsWith('container:') && !known(target)) out.push({ message: `service "${name}" depends on undefined service "${target}": invalid compose project`, path: ['services', name, 'volumes_from', i] });
  });
}

function resourceRefs(name: string, svc: Obj, project: Obj, out: Problem[]): void {
  const declared = (kind: string, key: string): boolean => Object.hasOwn((project[kind] ?? {}) as Obj, key);
  for (const net of Object.keys((svc.networks ?? {}) as Obj)) {
    if (!declared('networks', net)) out.push({ message: `service "${name}" refers to undefined network ${net}: invalid compose project${hint(net, project.networks as object)}`, path: ['services', name, 'networks', net] });
  }
  ((svc.volumes ?? []) as Obj[]).forEach((v, i) => {
    if (v.type === 'volume' && typeof v.source === 'string' && v.source !== '' && !declared('volumes', v.source)) {
      out.push({ message: `service "${name}" refers to undefined volume ${v.source}: invalid compose project${hint(v.source, project.volumes as object)}`, path: ['services', name, 'volumes', i] });
    }
  });
  for (const model of Object.keys((svc.models ?? {}) as Obj)) {
    if (!declared('models', model)) out.push({ message: `service "${name}" refers to undefined model ${model}: invalid compose project${hint(model, project.models as object)}`, path: ['services', name, 'models', model] });
  }
  for (const kind of ['secrets', 'configs'] as const) {
    ((svc[kind] ?? []) as Obj[]).forEach((r, i) => {
      if (!declared(kind, String(r.source))) out.push({ message: `service "${name}" refers to undefined ${kind.slice(0, -1)} ${String(r.source)}: invalid compose project`, path: ['services', name, kind, i] });
    });
  }
}

export function checkReferences(project: Obj): Problem[] {
  const out: Problem[] = [];
  const services = (project.services ?? {}) as Services;
  for (const [name, svc] of Object.entries(services)) {
    serviceRefs(name, svc, services, out);
    resourceRefs(name, svc, project, out);
  }
  return out;
}
