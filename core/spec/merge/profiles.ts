// Profiles as compose-spec 15-profiles.md and compose-go types/project.go (WithProfiles,
// WithSelectedServices) decide them, on the raw tree: a service is enabled when it has no
// profiles, when one of its profiles is active (`*` activates all), or when it is named on the
// command line; services named on the command line pull in what they depend on.
import { isMapping } from '../yaml/tree-path';

export interface ServiceSelection {
  enabled: string[];
  disabled: string[];
}

/** Split the tree's services into enabled and disabled ones, in declaration order. */
export function selectServices(tree: Record<string, unknown>, profiles: readonly string[], names: readonly string[] = []): ServiceSelection {
  const services = isMapping(tree.services) ? tree.services : {};
  const on = new Set<string>();
  for (const [name, svc] of Object.entries(services)) if (activeByProfile(svc, profiles)) on.add(name);
  const queue = [...names];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (visited.has(name)) continue;
    visited.add(name);
    on.add(name);
    for (const dep of dependenciesOf(services[name])) if (Object.hasOwn(services, dep)) queue.push(dep);
  }
  const all = Object.keys(services);
  return { enabled: all.filter((n) => on.has(n)), disabled: all.filter((n) => !on.has(n)) };
}

function activeByProfile(svc: unknown, active: readonly string[]): boolean {
  const own = isMapping(svc) && Array.isArray(svc.profiles) ? svc.profiles.map(String) : [];
  if (own.length === 0) return true;
  return active.includes('*') || own.some((p) => active.includes(p));
}

/** Every service this one needs: depends_on, links, volumes_from, and `service:x` modes. */
export function dependenciesOf(svc: unknown): string[] {
  if (!isMapping(svc)) return [];
  const deps: string[] = [];
  const dependsOn = svc.depends_on;
  if (Array.isArray(dependsOn)) deps.push(...dependsOn.map(String));
  else if (isMapping(dependsOn)) deps.push(...Object.keys(dependsOn));
  if (Array.isArray(svc.links)) deps.push(...svc.links.map((l) => String(l).split(':')[0]));
  if (Array.isArray(svc.volumes_from)) {
    for (const v of svc.volumes_from.map(String)) if (!v.startsWith('container:')) deps.push(v.split(':')[0]);
  }
  for (const key of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const mode = svc[key];
    if (typeof mode === 'string' && mode.startsWith('service:')) deps.push(mode.slice('service:'.length));
  }
  return [...new Set(deps)];
}

/**
 * The active profiles: the `--profile` flags, or when none is given COMPOSE_PROFILES
 * (comma-separated), as compose-go's WithDefaultProfiles; de-duplicated, empties dropped.
 */
export function activeProfiles(flags: readonly string[] | undefined, env: Readonly<Record<string, string>>): string[] {
  const chosen = flags && flags.length > 0 ? flags : (env.COMPOSE_PROFILES ?? '').split(',');
  return [...new Set(chosen.map((p) => p.trim()).filter((p) => p !== ''))];
}
