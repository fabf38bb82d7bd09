// Networks and volumes for `up` (compose reconcile.go reconcileNetworks/reconcileVolumes):
// create what is missing, reuse what exists (also unlabelled resources of the same name, as
// compose's discoverUnmanaged* do), refuse a missing external one, recreate a network whose
// config hash changed. A resource without a recorded hash is never treated as changed.
import { CoreError } from '../errors';
import { opId } from '../plan/ids';
import type { ObservedState } from '../observe/observed-state';
import type { UpContext } from './context';
import type { DesiredProject } from './input';
import { planRecreateVolumes } from './volume-recreate';
import { planRecreateNetwork } from './network-recreate';
import { findNetwork, findVolume } from './find-resource';

/** Keys of networks / volumes used by the target services: compose drops unused ones from the model. */
function usedKeys(ctx: UpContext, pick: 'networks' | 'volumes'): string[] {
  const keys = new Set<string>();
  for (const name of ctx.targets) for (const key of ctx.project.services[name][pick]) keys.add(key);
  return [...keys].sort();
}

export function reconcileNetworks(ctx: UpContext): void {
  for (const key of usedKeys(ctx, 'networks')) {
    const net = ctx.project.networks[key];
    if (net === undefined) throw new CoreError('INVALID_ARGUMENT', `a service refers to undefined network ${key}`);
    const live = findNetwork(ctx.observed, net);
    if (net.external) {
      if (live === undefined) throw new CoreError('NOT_FOUND', `network ${net.name} declared as external, but could not be found`);
      continue;
    }
    if (live === undefined) {
      const op = ctx.plan.add({ kind: 'CreateNetwork', id: opId.createNetwork(net.name), key, name: net.name, cause: { kind: 'missing' }, after: [] });
      ctx.networkOps.set(key, op.id);
    } else if (diverged(live.configHash, net.configHash)) {
      planRecreateNetwork(ctx, net, live);
    }
  }
}

export function reconcileVolumes(ctx: UpContext): void {
  const confirmed: string[] = [];
  for (const key of usedKeys(ctx, 'volumes')) {
    const vol = ctx.project.volumes[key];
    if (vol === undefined) throw new CoreError('INVALID_ARGUMENT', `a service refers to undefined volume ${key}`);
    const live = findVolume(ctx.observed, vol);
    if (vol.external) {
      if (live === undefined) throw new CoreError('NOT_FOUND', `external volume "${vol.name}" not found`);
      continue;
    }
    if (live === undefined) {
      const op = ctx.plan.add({ kind: 'CreateVolume', id: opId.createVolume(vol.name), key, name: vol.name, cause: { kind: 'missing' }, after: [] });
      ctx.volumeOps.set(key, op.id);
    } else if (diverged(live.configHash, vol.configHash) && ctx.options.recreateVolumes.includes(key)) {
      const outside = Object.values(ctx.project.services).filter((s) => s.volumes.includes(key) && !ctx.targets.has(s.name)).map((s) => s.name);
      if (outside.length === 0) confirmed.push(key);
      else ctx.plan.warn(`volume ${vol.name} is kept: it is also used by ${outside.join(', ')}, not part of this up`);
    } else if (diverged(live.configHash, vol.configHash)) {
      // compose asks before recreating a volume (its data is lost); a plan cannot ask, so it keeps it.
      ctx.plan.warn(`volume ${vol.name} differs from the compose file (config hash); it is kept with its data unless its recreation is confirmed`);
    }
  }
  if (confirmed.length > 0) planRecreateVolumes(ctx, confirmed);
}

/** Keys of the volumes in use whose config hash changed: what to ask the user about before `up`. */
export function divergedVolumes(project: DesiredProject, observed: ObservedState): string[] {
  return Object.values(project.volumes)
    .filter((v) => !v.external && diverged(findVolume(observed, v)?.configHash, v.configHash))
    .map((v) => v.key)
    .sort();
}

/** No recorded hash (older compose, made by hand) is not divergence: there is nothing to compare. */
function diverged(live: string | undefined, desired: string | undefined): boolean {
  return live !== undefined && live !== '' && desired !== undefined && live !== desired;
}
