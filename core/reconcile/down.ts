// reconcileDown(project, observed, options) → the reverse plan (compose down.go): containers
// stopped and removed dependants first, then orphans (--remove-orphans), networks, volumes (-v)
// and images (--rmi), each after the removal of every container that used it.
import { opId } from '../plan/ids';
import { PlanBuilder } from '../plan/builder';
import type { Cause } from '../plan/cause';
import type { Plan } from '../plan/operation';
import { normalizeImageRef } from '../observe/image-ref';
import type { ObservedContainer, ObservedState } from '../observe/observed-state';
import { findNetwork, findVolume } from './find-resource';
import type { DesiredProject } from './input';
import { downOptions, type DownOptions } from './options';
import { findOrphans, orphanWarning, planRemoveContainers } from './orphans';
import { checkServicesExist, downTargets } from './selection';
import { dependantsIndex, dependencyOrder } from './service-order';

interface Removed {
  container: ObservedContainer;
  op: string;
}

export function reconcileDown(project: DesiredProject, observed: ObservedState, options: DownOptions = downOptions()): Plan {
  checkServicesExist(project, options.services);
  const plan = new PlanBuilder();
  const targets = downTargets(project, options.services);
  const removed = removeServiceContainers(plan, project, observed, targets, options);
  const orphans = findOrphans(observed, new Set(Object.keys(project.services)), options.removeOrphans);
  if (options.removeOrphans) {
    const ops = planRemoveContainers(plan, orphans, { kind: 'orphan' }, { volumes: options.volumes, timeout: options.timeout });
    orphans.forEach((c, i) => removed.push({ container: c, op: ops[i] }));
  } else if (orphans.length > 0) {
    plan.warn(orphanWarning(orphans));
  }
  const gone = new Set(removed.map((r) => r.container.id));
  const staying = observed.containers.filter((c) => !gone.has(c.id));
  removeNetworks(plan, project, observed, removed, staying);
  if (options.volumes) removeVolumes(plan, project, observed, removed, staying);
  if (options.rmi !== undefined) removeImages(plan, project, observed, targets, options.rmi, removed, staying);
  const result = plan.build();
  // as compose down.go says when it finds nothing
  if (result.operations.length === 0) result.warnings.push(`no resource found to remove for project "${project.name}"`);
  return result;
}

/** Dependants first: a service's containers stop only once every dependant's are removed. */
function removeServiceContainers(plan: PlanBuilder, project: DesiredProject, observed: ObservedState, targets: Set<string>, options: DownOptions): Removed[] {
  const removed: Removed[] = [];
  const removesBy = new Map<string, string[]>();
  const dependants = dependantsIndex(project.services, targets);
  const byService = new Map<string, ObservedContainer[]>();
  for (const c of observed.containers) if (!c.oneOff) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
  for (const name of dependencyOrder(project.services, targets).reverse()) {
    const after = (dependants.get(name) ?? []).flatMap((s) => removesBy.get(s) ?? []);
    const list = [...(byService.get(name) ?? [])].sort((a, b) => a.number - b.number);
    const timeout = options.timeout ?? project.services[name].stopTimeout;
    const ops = planRemoveContainers(plan, list, { kind: 'down' }, { volumes: options.volumes, timeout, after, service: name });
    list.forEach((c, i) => removed.push({ container: c, op: ops[i] }));
    removesBy.set(name, ops);
  }
  return removed;
}

/** A network goes when no container that stays uses it, after the removal of those that did. */
function removeNetworks(plan: PlanBuilder, project: DesiredProject, observed: ObservedState, removed: Removed[], staying: ObservedContainer[]): void {
  for (const key of Object.keys(project.networks).sort()) {
    const net = project.networks[key];
    const live = net.external ? undefined : findNetwork(observed, net);
    if (live === undefined) continue;
    const uses = (c: ObservedContainer): boolean => c.networks.includes(live.name) || (!c.oneOff && (project.services[c.service]?.networks.includes(key) ?? false));
    if (staying.some(uses)) continue;
    const after = removed.filter((r) => uses(r.container)).map((r) => r.op);
    plan.add({ kind: 'RemoveNetwork', id: opId.removeNetwork(live.name), key, name: live.name, cause: { kind: 'down' }, after });
  }
}

function removeVolumes(plan: PlanBuilder, project: DesiredProject, observed: ObservedState, removed: Removed[], staying: ObservedContainer[]): void {
  for (const key of Object.keys(project.volumes).sort()) {
    const vol = project.volumes[key];
    const live = vol.external ? undefined : findVolume(observed, vol);
    if (live === undefined) continue;
    const uses = (c: ObservedContainer): boolean => c.volumes.includes(live.name) || (!c.oneOff && (project.services[c.service]?.volumes.includes(key) ?? false));
    if (staying.some(uses)) continue;
    const after = removed.filter((r) => uses(r.container)).map((r) => r.op);
    plan.add({ kind: 'RemoveVolume', id: opId.removeVolume(live.name), key, name: live.name, cause: { kind: 'down-volumes' }, after });
  }
}

/** `--rmi all`: every service's image; `local`: only images compose named itself (no `image:`). */
function removeImages(plan: PlanBuilder, project: DesiredProject, observed: ObservedState, targets: Set<string>, mode: 'local' | 'all', removed: Removed[], staying: ObservedContainer[]): void {
  const cause: Cause = { kind: 'down-images', mode };
  const refs = new Set<string>();
  for (const name of [...targets].sort()) {
    const svc = project.services[name];
    if (mode === 'local' && svc.customImage) continue;
    const ref = normalizeImageRef(svc.image);
    if (observed.images[ref] !== undefined) refs.add(ref);
  }
  for (const ref of [...refs].sort()) {
    const uses = (c: ObservedContainer): boolean => normalizeImageRef(c.image) === ref || (!c.oneOff && project.services[c.service] !== undefined && normalizeImageRef(project.services[c.service].image) === ref);
    if (staying.some(uses)) continue;
    const after = removed.filter((r) => uses(r.container)).map((r) => r.op);
    plan.add({ kind: 'RemoveImage', id: opId.removeImage(ref), image: ref, cause, after });
  }
}
