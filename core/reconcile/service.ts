// One service's containers in the create phase (compose reconcile.go reconcileService): scale
// down, recreate what diverged, unpause, scale up. Which containers survive a scale down follows
// compose's sortContainers: up-to-date ones first, low numbers first.
import { CoreError } from '../errors';
import type { Cause } from '../plan/cause';
import { opId } from '../plan/ids';
import type { ObservedContainer } from '../observe/observed-state';
import { isActive, replicaKey, replicasOf, serviceContainers, type UpContext } from './context';
import type { DesiredService } from './input';
import { containerName } from './naming';
import { recreateReason, strategyFor } from './recreate-reason';
import { planRecreate } from './recreate';

interface Assessed {
  container: ObservedContainer;
  reason: Cause | undefined;
}

export function reconcileService(ctx: UpContext, svc: DesiredService): void {
  const replicas = replicasOf(ctx.options, svc);
  if (svc.containerName !== undefined && replicas > 1) {
    throw new CoreError('INVALID_ARGUMENT', `service ${svc.name}: container_name "${svc.containerName}" is set, so it cannot have ${replicas} replicas`);
  }
  const strategy = strategyFor(ctx, svc.name);
  const existing = serviceContainers(ctx.observed, svc.name);
  const assessed = sortForScale(existing.map((c) => ({ container: c, reason: recreateReason(ctx, svc, c, strategy) })));
  const infra = infraDeps(ctx, svc);
  let last: string | undefined;
  assessed.forEach(({ container, reason }, i) => {
    if (i >= replicas) last = scaleDown(ctx, svc, container, replicas);
    else if (reason !== undefined) last = planRecreate(ctx, svc, container, reason, infra);
    else if (container.state === 'paused' && !ctx.stopped.has(container.id)) last = unpause(ctx, svc, container, infra);
  });
  const next = existing.reduce((max, c) => Math.max(max, c.number), 0) + 1;
  for (let i = 0; i < replicas - existing.length; i++) {
    const number = next + i;
    const name = containerName(ctx.project.name, svc, number);
    const volume = ctx.volumeRecreated.get(svc.name);
    const cause: Cause = volume !== undefined ? { kind: 'volume-recreated', volume } : existing.length === 0 ? { kind: 'missing' } : { kind: 'scale-up', replicas };
    const op = ctx.plan.add({ kind: 'CreateContainer', id: opId.createContainer(name), service: svc.name, number, name, cause, after: infra });
    ctx.containerOps.set(replicaKey(svc.name, number), { op: op.id, recreated: false });
    last = op.id;
  }
  if (last !== undefined) ctx.serviceLastOp.set(svc.name, last);
}

/** Up-to-date containers first, then obsolete ones; ascending number within each (the tail goes on scale down). */
function sortForScale(list: Assessed[]): Assessed[] {
  return [...list].sort((a, b) => {
    const obsolete = Number(a.reason !== undefined) - Number(b.reason !== undefined);
    if (obsolete !== 0) return obsolete;
    if (a.container.number !== b.container.number) return a.container.number - b.container.number;
    return b.container.created - a.container.created;
  });
}

/** Ops a container of `svc` must wait for: its networks' and volumes' creation, its dependencies' last op. */
export function infraDeps(ctx: UpContext, svc: DesiredService): string[] {
  const deps: string[] = [];
  for (const key of [...svc.networks].sort()) pushIf(deps, ctx.networkOps.get(key));
  for (const key of [...svc.volumes].sort()) pushIf(deps, ctx.volumeOps.get(key));
  for (const dep of Object.keys(svc.dependsOn).sort()) pushIf(deps, ctx.serviceLastOp.get(dep));
  return deps;
}

function pushIf(list: string[], id: string | undefined): void {
  if (id !== undefined && !list.includes(id)) list.push(id);
}

function scaleDown(ctx: UpContext, svc: DesiredService, c: ObservedContainer, replicas: number): string {
  const cause: Cause = { kind: 'scale-down', replicas };
  const after: string[] = [];
  const earlier = ctx.stopped.get(c.id);
  if (earlier !== undefined) {
    // Stopped already for a dependency's restart: it goes now, so it does not start again.
    earlier.restart = undefined;
    after.push(earlier.op);
  } else if (isActive(c)) {
    const stop = ctx.plan.add({
      kind: 'StopContainer', id: opId.stopContainer(c.name), service: svc.name, name: c.name,
      container: { containerId: c.id }, timeout: ctx.options.timeout ?? svc.stopTimeout, cause, after: [],
    });
    ctx.stopped.set(c.id, { op: stop.id });
    after.push(stop.id);
  }
  const remove = ctx.plan.add({
    kind: 'RemoveContainer', id: opId.removeContainer(c.name), service: svc.name, name: c.name,
    container: { containerId: c.id }, volumes: false, cause, after,
  });
  ctx.removed.add(replicaKey(svc.name, c.number));
  return remove.id;
}

function unpause(ctx: UpContext, svc: DesiredService, c: ObservedContainer, infra: string[]): string {
  const op = ctx.plan.add({
    kind: 'UnpauseContainer', id: opId.unpauseContainer(c.name), service: svc.name, name: c.name,
    container: { containerId: c.id }, cause: { kind: 'paused' }, after: infra,
  });
  return op.id;
}
