// The start phase of `up` (compose reconcile.go planStartPhase): per service, in dependency
// order, the gates its depends_on conditions set (service_started: an edge; service_healthy and
// service_completed_successfully: a shared WaitCondition op the executor polls), then its
// replicas' starts one after another, lowest number first.
import { opId } from '../plan/ids';
import type { Cause } from '../plan/cause';
import type { WaitConditionOp } from '../plan/operation';
import { replicasOf, containersOf, type UpContext } from './context';
import type { DesiredService } from './input';

interface Replica {
  number: number;
  name: string;
  container: { containerId: string } | { createdBy: string };
  cause: Cause;
  after: string[];
}

export function planServiceStart(ctx: UpContext, svc: DesiredService): void {
  if (replicasOf(ctx.options, svc) === 0) return;
  const replicas = replicasToStart(ctx, svc);
  if (replicas.length === 0) {
    // Nothing starts: a dependant starting later still orders after this service's create-phase ops.
    const last = ctx.serviceLastOp.get(svc.name);
    if (last !== undefined) ctx.startEnds.set(svc.name, last);
    return;
  }
  let prev = gates(ctx, svc);
  for (const r of replicas) {
    const op = ctx.plan.add({
      kind: 'StartContainer', id: opId.startContainer(r.name), service: svc.name, name: r.name, number: r.number,
      container: r.container, cause: r.cause, after: [...prev, ...r.after],
    });
    prev = [op.id];
  }
  ctx.startEnds.set(svc.name, prev[0]);
}

/** Replicas not running once the create phase is done, by number (compose startPhaseReplicas). */
function replicasToStart(ctx: UpContext, svc: DesiredService): Replica[] {
  const out: Replica[] = [];
  for (const c of containersOf(ctx, svc.name)) {
    if (ctx.handled.has(c.id)) continue;
    const stop = ctx.stopped.get(c.id);
    const rename = ctx.renamed.get(c.id);
    const base = { number: c.number, name: rename?.name ?? c.name, container: { containerId: c.id } };
    const renamed = rename === undefined ? [] : [rename.op];
    if (stop?.restart !== undefined) {
      out.push({ ...base, cause: stop.restart.cause, after: [stop.restart.after, ...renamed] });
    } else if (ctx.targets.has(svc.name) && (c.state === 'created' || c.state === 'exited' || c.state === 'dead')) {
      out.push({ ...base, cause: { kind: 'stopped', state: c.state }, after: renamed });
    }
  }
  for (const p of ctx.planned.get(svc.name) ?? []) {
    out.push({ number: p.number, name: p.name, container: { createdBy: p.createdBy }, cause: { kind: 'created', recreated: p.recreated }, after: [p.ready] });
  }
  return out.sort((a, b) => a.number - b.number || a.name.localeCompare(b.name));
}

/** What the first replica of `svc` waits for, from its depends_on (only dependencies being converged). */
function gates(ctx: UpContext, svc: DesiredService): string[] {
  const out: string[] = [];
  for (const dep of Object.keys(svc.dependsOn).sort()) {
    const cfg = svc.dependsOn[dep];
    const depSvc = ctx.project.services[dep];
    // compose shouldWaitForDependency: disabled, not-converged and scale-0 dependencies are not waited on.
    if (depSvc === undefined || !ctx.targets.has(dep) || replicasOf(ctx.options, depSvc) === 0) continue;
    const end = ctx.startEnds.get(dep);
    if (cfg.condition === 'service_started') {
      if (end !== undefined) out.push(end);
      continue;
    }
    out.push(waitOp(ctx, dep, cfg.condition, cfg.required, svc.name, end));
  }
  return out;
}

/** One WaitCondition per (dependency, condition), shared by its dependants; one required dependant makes it required. */
function waitOp(ctx: UpContext, dep: string, condition: WaitConditionOp['condition'], required: boolean, dependant: string, end: string | undefined): string {
  const id = opId.waitCondition(dep, condition);
  const existing = ctx.plan.get(id);
  if (existing?.kind === 'WaitCondition' && existing.cause.kind === 'depends-on') {
    existing.required ||= required;
    existing.cause.dependants.push(dependant);
    return id;
  }
  ctx.plan.add({ kind: 'WaitCondition', id, target: dep, condition, required, cause: { kind: 'depends-on', dependants: [dependant] }, after: end === undefined ? [] : [end] });
  return id;
}
