// A volume whose config changed, recreated once the user agreed to lose its data (compose
// reconcile.go planRecreateVolumes): stop and remove every container using it (also through
// volumes_from), remove the volume, create it again; the services then get new containers.
import { opId } from '../plan/ids';
import type { Cause } from '../plan/cause';
import { findVolume } from './find-resource';
import { isActive, setObserved, type UpContext } from './context';

export function planRecreateVolumes(ctx: UpContext, keys: string[]): void {
  const removes: string[] = [];
  const gone = new Set<string>();
  for (const key of keys) {
    const vol = ctx.project.volumes[key];
    const cause: Cause = { kind: 'volume-recreated', volume: vol.name };
    for (const service of servicesUsing(ctx, key)) {
      ctx.volumeRecreated.set(service, vol.name);
      ctx.recreatedServices.add(service);
      for (const c of ctx.observed.containers.filter((x) => !x.oneOff && x.service === service && !gone.has(x.id)).sort((a, b) => a.number - b.number)) {
        gone.add(c.id);
        removes.push(removeContainer(ctx, c.id, c.name, service, isActive(c), cause));
      }
    }
  }
  for (const key of keys) {
    const vol = ctx.project.volumes[key];
    const live = findVolume(ctx.observed, vol);
    const changed: Cause = { kind: 'config-changed', old: live?.configHash ?? '', new: vol.configHash ?? '' };
    const remove = ctx.plan.add({ kind: 'RemoveVolume', id: opId.removeVolume(live?.name ?? vol.name), key, name: live?.name ?? vol.name, cause: changed, after: removes });
    const create = ctx.plan.add({ kind: 'CreateVolume', id: opId.createVolume(vol.name), key, name: vol.name, cause: changed, after: [remove.id] });
    ctx.volumeOps.set(key, create.id);
  }
  // From here on the removed containers do not exist: their services are created afresh.
  setObserved(ctx, { ...ctx.observed, containers: ctx.observed.containers.filter((c) => !gone.has(c.id)) });
}

function removeContainer(ctx: UpContext, id: string, name: string, service: string, active: boolean, cause: Cause): string {
  // after a reconnect to a recreated network, and reusing that recreate's stop: it no longer restarts
  const after: string[] = [...(ctx.connects.get(id) ?? [])];
  const earlier = ctx.stopped.get(id);
  if (earlier !== undefined) {
    earlier.restart = undefined;
    after.unshift(earlier.op);
  } else if (active) {
    const stop = ctx.plan.add({ kind: 'StopContainer', id: opId.stopContainer(name), service, name, container: { containerId: id }, timeout: ctx.options.timeout ?? ctx.project.services[service]?.stopTimeout, cause, after: [] });
    after.unshift(stop.id);
  }
  return ctx.plan.add({ kind: 'RemoveContainer', id: opId.removeContainer(name), service, name, container: { containerId: id }, volumes: false, cause, after }).id;
}

/**
 * Services mounting the volume, plus those joining one of them (volumes_from, or a namespace:
 * those are recreated with their parent anyway), transitively.
 */
function servicesUsing(ctx: UpContext, key: string): string[] {
  const users = new Set(Object.values(ctx.project.services).filter((s) => s.volumes.includes(key)).map((s) => s.name));
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of Object.values(ctx.project.services)) {
      if (!users.has(s.name) && s.namespaceParents.some((p) => users.has(p))) {
        users.add(s.name);
        grew = true;
      }
    }
  }
  return [...users].sort();
}
