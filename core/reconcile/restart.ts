// reconcileRestart(project, observed, options) → the plan of `restart [services]` (compose
// restart.go): the named services plus, transitively, their dependants that declare
// `depends_on: {<svc>: {restart: true}}`. Dependants stop first, then everything starts again in
// dependency order, behind the same depends_on gates as `up`.
import { opId } from '../plan/ids';
import { PlanBuilder } from '../plan/builder';
import type { Cause } from '../plan/cause';
import type { Plan } from '../plan/operation';
import type { ObservedState } from '../observe/observed-state';
import { isActive, serviceContainers } from './context';
import type { DesiredProject } from './input';
import { checkServicesExist, enabledServices } from './selection';
import { dependantsOf, dependencyOrder } from './service-order';

export interface RestartOptions {
  services: string[];
  timeout?: number;
}

export function reconcileRestart(project: DesiredProject, observed: ObservedState, options: RestartOptions): Plan {
  checkServicesExist(project, options.services);
  const enabled = enabledServices(project, options.services);
  const roots = options.services.length > 0 ? options.services : [...enabled];
  const why = restartSet(project, roots);
  const order = dependencyOrder(project.services, why.keys());
  const plan = new PlanBuilder();
  const stops = new Map<string, string[]>();
  for (const name of [...order].reverse()) {
    const after = [...why.keys()].filter((d) => project.services[d].dependsOn[name] !== undefined).flatMap((d) => stops.get(d) ?? []);
    const ops = serviceContainers(observed, name).filter(isActive).sort((a, b) => a.number - b.number).map((c) =>
      plan.add({ kind: 'StopContainer', id: opId.stopContainer(c.name), service: name, name: c.name, container: { containerId: c.id }, timeout: options.timeout ?? project.services[name].stopTimeout, cause: why.get(name) as Cause, after }).id);
    stops.set(name, ops);
  }
  const ends = new Map<string, string>();
  for (const name of order) {
    // `docker restart` starts a stopped container too: every container of the service starts.
    let prev = Object.keys(project.services[name].dependsOn).sort().flatMap((d) => gate(plan, project, d, name, ends));
    for (const c of serviceContainers(observed, name).sort((a, b) => a.number - b.number)) {
      const stop = plan.get(opId.stopContainer(c.name));
      const op = plan.add({ kind: 'StartContainer', id: opId.startContainer(c.name), service: name, name: c.name, number: c.number, container: { containerId: c.id }, cause: why.get(name) as Cause, after: [...prev, ...(stop ? [stop.id] : [])] });
      prev = [op.id];
      ends.set(name, op.id);
    }
  }
  return plan.build();
}

/** The services to restart and why: named ones, then `restart: true` dependants, transitively. */
function restartSet(project: DesiredProject, roots: string[]): Map<string, Cause> {
  const why = new Map<string, Cause>(roots.map((r) => [r, { kind: 'restart' }]));
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    for (const dependant of dependantsOf(project.services, name, (d) => d.restart)) {
      if (why.has(dependant)) continue;
      why.set(dependant, { kind: 'dependency-restarted', dep: name });
      queue.push(dependant);
    }
  }
  return why;
}

/** A dependency being restarted gates its dependant: an edge for service_started, a wait otherwise. */
function gate(plan: PlanBuilder, project: DesiredProject, dep: string, dependant: string, ends: Map<string, string>): string[] {
  const end = ends.get(dep);
  if (end === undefined) return [];
  const cfg = project.services[dependant].dependsOn[dep];
  if (cfg.condition === 'service_started') return [end];
  const id = opId.waitCondition(dep, cfg.condition);
  const existing = plan.get(id);
  if (existing?.kind === 'WaitCondition' && existing.cause.kind === 'depends-on') {
    existing.required ||= cfg.required;
    existing.cause.dependants.push(dependant);
  } else {
    plan.add({ kind: 'WaitCondition', id, target: dep, condition: cfg.condition, required: cfg.required, cause: { kind: 'depends-on', dependants: [dependant] }, after: [end] });
  }
  return [id];
}
