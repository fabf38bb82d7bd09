// One service's containers in the create phase (compose reconcile.go reconcileService): scale
// down, recreate what diverged, unpause, scale up. Which containers survive a scale down follows
// compose's sortContainers: up-to-date ones first, low numbers first.
import { CoreError } from '../errors';
import type { Cause } from '../plan/cause';
import { opId } from '../plan/ids';
import type { ObservedContainer } from '../observe/observed-state';
import { addPlanned, isActive, replicasOf, containersOf, type UpContext } from './context';
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
  const existing = containersOf(ctx, svc.name);
  const assessed = sortForScale(existing.map((c) => ({ container: c, reason: recreateReason(ctx, svc, c, strategy) })), (n) => containerName(ctx.project.name, svc, n));
  const infra = infraDeps(ctx, svc);
  let last: string | undefined;
  const kept = new Set<number>();
  const keptAsIs: ObservedContainer[] = [];
  for (const { container, reason } of assessed) {
    // A second container with a kept number (a leftover of an interrupted recreate) goes, as extras do.
    if (kept.size >= replicas || kept.has(container.number)) {
      const cause: Cause = kept.has(container.number) ? { kind: 'duplicate', number: container.number } : { kind: 'scale-down', replicas };
      last = removeExtra(ctx, svc, container, cause);
      continue;
    }
    kept.add(container.number);
    if (reason !== undefined) last = planRecreate(ctx, svc, container, reason, infra);
    else if (container.state === 'paused' && !ctx.stopped.has(container.id)) last = unpause(ctx, svc, container, infra);
    if (reason === undefined) keptAsIs.push(container);
  }
  for (const c of keptAsIs) last = renameBack(ctx, svc, c) ?? last;
  last = scaleUp(ctx, svc, existing, replicas - kept.size, infra) ?? last;
  if (last !== undefined) ctx.serviceLastOp.set(svc.name, last);
}

/** New replicas numbered after the highest existing number, as compose nextContainerNumber. */
function scaleUp(ctx: UpContext, svc: DesiredService, existing: ObservedContainer[], count: number, infra: string[]): string | undefined {
  const next = existing.reduce((max, c) => Math.max(max, c.number), 0) + 1;
  const replicas = replicasOf(ctx.options, svc);
  const volume = ctx.volumeRecreated.get(svc.name);
  const cause: Cause = volume !== undefined ? { kind: 'volume-recreated', volume } : existing.length === 0 ? { kind: 'missing' } : { kind: 'scale-up', replicas };
  let last: string | undefined;
  for (let i = 0; i < count; i++) {
    const number = next + i;
    const name = containerName(ctx.project.name, svc, number);
    const op = ctx.plan.add({ kind: 'CreateContainer', id: opId.createContainer(name), service: svc.name, number, name, cause, after: infra });
    addPlanned(ctx, svc.name, { number, name, createdBy: op.id, ready: op.id, recreated: false });
    last = op.id;
  }
  return last;
}

/**
 * Up-to-date containers first, then obsolete ones; ascending number within each (the tail goes on
 * scale down); for one number, the container under the replica's own name before a leftover.
 */
function sortForScale(list: Assessed[], nameOf: (n: number) => string): Assessed[] {
  const proper = (a: Assessed): number => Number(a.container.name !== nameOf(a.container.number));
  return [...list].sort((a, b) => {
    const obsolete = Number(a.reason !== undefined) - Number(b.reason !== undefined);
    if (obsolete !== 0) return obsolete;
    if (a.container.number !== b.container.number) return a.container.number - b.container.number;
    return proper(a) - proper(b) || b.container.created - a.container.created;
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

function removeExtra(ctx: UpContext, svc: DesiredService, c: ObservedContainer, cause: Cause): string {
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
  ctx.handled.add(c.id);
  return remove.id;
}

/**
 * A kept container still under a recreate's temporary name (the recreate was interrupted) gets
 * its replica name back once the container holding that name, if any, is removed.
 */
function renameBack(ctx: UpContext, svc: DesiredService, c: ObservedContainer): string | undefined {
  const name = containerName(ctx.project.name, svc, c.number);
  if (c.name === name) return undefined;
  const holder = ctx.observed.containers.find((x) => x.name === name);
  if (holder !== undefined && !ctx.handled.has(holder.id)) return undefined;
  const after = holder === undefined ? [] : [opId.removeContainer(holder.name)];
  const op = ctx.plan.add({ kind: 'RenameContainer', id: opId.renameContainer(c.name), service: svc.name, container: { containerId: c.id }, from: c.name, to: name, cause: { kind: 'temporary-name' }, after });
  ctx.renamed.set(c.id, { op: op.id, name });
  return op.id;
}

function unpause(ctx: UpContext, svc: DesiredService, c: ObservedContainer, infra: string[]): string {
  const op = ctx.plan.add({
    kind: 'UnpauseContainer', id: opId.unpauseContainer(c.name), service: svc.name, name: c.name,
    container: { containerId: c.id }, cause: { kind: 'paused' }, after: infra,
  });
  return op.id;
}
