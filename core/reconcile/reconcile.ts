// reconcile(project, observed, options) → Plan for `up`: pure, no I/O. Networks and volumes,
// then each service's containers in dependency order, orphans, then the start phase
// (compose reconcile.go). Running it on its own result's outcome yields an empty plan.
import type { Plan } from '../plan/operation';
import type { ObservedState } from '../observe/observed-state';
import { newUpContext } from './context';
import { reconcileNetworks, reconcileVolumes } from './infra';
import type { DesiredProject } from './input';
import type { UpOptions } from './options';
import { upOptions } from './options';
import { findOrphans, orphanWarning, planRemoveContainers } from './orphans';
import { checkServicesExist, upTargets } from './selection';
import { reconcileService } from './service';
import { dependencyOrder } from './service-order';
import { planServiceStart } from './start-phase';

export function reconcile(project: DesiredProject, observed: ObservedState, options: UpOptions = upOptions()): Plan {
  checkServicesExist(project, Object.keys(options.scale));
  const targets = upTargets(project, options.oneOff !== undefined ? [options.oneOff] : options.services, options.noDeps);
  const ctx = newUpContext(project, observed, options, targets);
  reconcileNetworks(ctx);
  reconcileVolumes(ctx);
  // `run`: the one-off's service got its networks and volumes; its containers are not converged
  if (options.oneOff !== undefined) targets.delete(options.oneOff);
  for (const name of dependencyOrder(project.services, targets)) reconcileService(ctx, project.services[name]);
  const orphans = findOrphans(observed, ctx.known, false);
  if (orphans.length > 0 && options.removeOrphans) {
    for (const c of orphans) {
      // after any reconnect to a recreated network, so the two do not race
      planRemoveContainers(ctx.plan, [c], { kind: 'orphan' }, { volumes: false, timeout: options.timeout, after: ctx.connects.get(c.id) ?? [] });
    }
  } else if (orphans.length > 0 && !options.ignoreOrphans) {
    ctx.plan.warn(orphanWarning(orphans));
  }
  if (!options.noStart) {
    // Containers stopped only for a while (a dependency's or a network's recreate) start again even when not targeted.
    const restarting = [...ctx.stopped.values()].filter((s) => s.restart !== undefined).map((s) => ctx.plan.get(s.op)?.service);
    const starting = new Set([...targets, ...restarting.filter((s): s is string => s !== undefined)]);
    for (const name of dependencyOrder(project.services, starting)) planServiceStart(ctx, project.services[name]);
  }
  return ctx.plan.build();
}
