// Which services an `up` or `down` touches: profiles, services named on the command line and
// their dependencies (compose-go WithSelectedServices, compose-spec profiles: naming a service
// enables its profiles, not its dependencies' ones).
import { CoreError } from '../errors';
import type { DesiredProject, DesiredService } from './input';

export function enabledServices(project: DesiredProject, named: string[]): Set<string> {
  const profiles = new Set(project.profiles);
  for (const name of named) for (const p of project.services[name]?.profiles ?? []) profiles.add(p);
  const enabled = new Set<string>();
  for (const svc of Object.values(project.services)) {
    if (svc.profiles.length === 0 || svc.profiles.some((p) => profiles.has(p)) || named.includes(svc.name)) enabled.add(svc.name);
  }
  return enabled;
}

export function checkServicesExist(project: DesiredProject, named: string[]): void {
  for (const name of named) {
    if (project.services[name] === undefined) throw new CoreError('NOT_FOUND', `no such service: ${name}`);
  }
}

/**
 * The services `up` converges: the named ones (all enabled ones when none are named) plus,
 * unless `noDeps`, their dependencies. A required dependency that is disabled is an error, as in
 * compose ("service X is required by Y but is disabled"); a non-required one is dropped.
 */
export function upTargets(project: DesiredProject, named: string[], noDeps: boolean): Set<string> {
  checkServicesExist(project, named);
  const enabled = enabledServices(project, named);
  const roots = named.length > 0 ? named : [...enabled];
  const targets = new Set<string>();
  const visit = (name: string): void => {
    if (targets.has(name)) return;
    targets.add(name);
    if (noDeps) return;
    for (const [dep, cfg] of Object.entries(project.services[name].dependsOn)) {
      if (usableDependency(project, enabled, name, dep, cfg.required)) visit(dep);
    }
  };
  roots.forEach(visit);
  return targets;
}

function usableDependency(project: DesiredProject, enabled: Set<string>, dependant: string, dep: string, required: boolean): boolean {
  const svc: DesiredService | undefined = project.services[dep];
  if (svc !== undefined && enabled.has(dep)) return true;
  if (!required) return false;
  if (svc === undefined) {
    throw new CoreError('INVALID_ARGUMENT', `service "${dependant}" depends on undefined service "${dep}"`);
  }
  throw new CoreError(
    'FAILED_PRECONDITION',
    `service "${dep}" is required by "${dependant}" but is disabled. Can be enabled by profiles [${svc.profiles.join(' ')}]`,
  );
}

/** The services `down` removes: the named ones plus everything that depends on them (compose WithRootNodesAndDown). */
export function downTargets(project: DesiredProject, named: string[]): Set<string> {
  if (named.length === 0) return new Set(Object.keys(project.services));
  const targets = new Set<string>();
  const visit = (name: string): void => {
    if (targets.has(name) || project.services[name] === undefined) return;
    targets.add(name);
    for (const svc of Object.values(project.services)) if (svc.dependsOn[name] !== undefined) visit(svc.name);
  };
  named.forEach(visit);
  return targets;
}
