// A recreate in four operations (compose reconcile.go planRecreateContainer): create the
// replacement under a temporary name, stop the old container, remove it, rename the new one.
// The replacement exists before the old one goes, and keeps its replica number.
import type { Cause } from '../plan/cause';
import { opId } from '../plan/ids';
import type { ObservedContainer } from '../observe/observed-state';
import { addPlanned, isActive, containersOf, type UpContext } from './context';
import type { DesiredService } from './input';
import { containerName, replacementName } from './naming';

export function planRecreate(ctx: UpContext, svc: DesiredService, old: ObservedContainer, cause: Cause, infraDeps: string[]): string {
  const name = containerName(ctx.project.name, svc, old.number);
  const tmpName = replacementName(old.id, name);
  const dependantStops = stopRestartDependants(ctx, svc.name);
  const recreate = ctx.plan.add({
    kind: 'RecreateContainer', id: opId.recreateContainer(name), service: svc.name, number: old.number, name, tmpName,
    replaces: old.id, inherit: ctx.options.inherit, cause, after: [...infraDeps, ...dependantStops],
  });
  const replaced: Cause = { kind: 'replaced', by: recreate.id };
  const removeAfter = [recreate.id];
  const earlierStop = ctx.stopped.get(old.id);
  if (earlierStop !== undefined) {
    // Already stopped for a dependency's or a network's recreate: reuse that stop; it no longer restarts.
    earlierStop.restart = undefined;
    removeAfter.unshift(earlierStop.op);
  } else if (isActive(old)) {
    const stop = ctx.plan.add({
      kind: 'StopContainer', id: opId.stopContainer(old.name), service: svc.name, name: old.name,
      container: { containerId: old.id }, timeout: ctx.options.timeout ?? svc.stopTimeout, cause: replaced, after: [recreate.id],
    });
    ctx.stopped.set(old.id, { op: stop.id });
    removeAfter.unshift(stop.id);
  }
  // A reconnect to a recreated network must not race the removal (compose connectNodes).
  removeAfter.push(...(ctx.connects.get(old.id) ?? []));
  const remove = ctx.plan.add({
    kind: 'RemoveContainer', id: opId.removeContainer(old.name), service: svc.name, name: old.name,
    container: { containerId: old.id }, volumes: false, cause: replaced, after: removeAfter,
  });
  const rename = ctx.plan.add({
    kind: 'RenameContainer', id: opId.renameContainer(tmpName), service: svc.name, container: { createdBy: recreate.id },
    from: tmpName, to: name, cause: replaced, after: [remove.id],
  });
  addPlanned(ctx, svc.name, { number: old.number, name, createdBy: recreate.id, ready: rename.id, recreated: true });
  ctx.handled.add(old.id);
  ctx.recreatedServices.add(svc.name);
  return rename.id;
}

/**
 * Dependants with `depends_on: {<svc>: {restart: true}}` are stopped before `svc` is replaced and
 * started again after it (compose planStopDependents); returns the stop ops.
 */
function stopRestartDependants(ctx: UpContext, service: string): string[] {
  const ops: string[] = [];
  for (const dependant of ctx.restartDependants.get(service) ?? []) {
    const svc = ctx.project.services[dependant];
    for (const c of [...containersOf(ctx, dependant)].sort((a, b) => a.number - b.number)) {
      const earlier = ctx.stopped.get(c.id);
      if (earlier !== undefined) {
        ops.push(earlier.op);
        continue;
      }
      if (!isActive(c)) continue;
      const cause: Cause = { kind: 'dependency-restarted', dep: service };
      const stop = ctx.plan.add({
        kind: 'StopContainer', id: opId.stopContainer(c.name), service: dependant, name: c.name,
        container: { containerId: c.id }, timeout: ctx.options.timeout ?? svc.stopTimeout, cause, after: [],
      });
      ctx.stopped.set(c.id, { op: stop.id, restart: { cause, after: stop.id } });
      ops.push(stop.id);
    }
  }
  return ops;
}
