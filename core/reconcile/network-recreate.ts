// A network whose config hash changed is recreated under its containers, which keep their
// identity (compose reconcile.go planRecreateNetworks): stop → disconnect → remove network →
// create network → reconnect, and each container starts again in the start phase.
import type { Cause } from '../plan/cause';
import { opId } from '../plan/ids';
import type { ObservedNetwork } from '../observe/observed-state';
import { isActive, type UpContext } from './context';
import type { DesiredNetwork } from './input';

export function planRecreateNetwork(ctx: UpContext, net: DesiredNetwork, live: ObservedNetwork): void {
  // Every attached container: the engine refuses to remove a network with endpoints. Service
  // containers are stopped first, as compose does; one-off runs and orphans only move over.
  const containers = ctx.observed.containers
    .filter((c) => c.networks.includes(live.name))
    .sort((a, b) => Number(a.oneOff) - Number(b.oneOff) || a.service.localeCompare(b.service) || a.number - b.number || a.name.localeCompare(b.name));
  const cause: Cause = { kind: 'network-recreated', network: live.name };
  const disconnects: string[] = [];
  for (const c of containers) {
    const after: string[] = [];
    const earlier = ctx.stopped.get(c.id);
    if (earlier !== undefined) after.push(earlier.op);
    else if (isActive(c) && !c.oneOff && ctx.project.services[c.service] !== undefined) {
      const stop = ctx.plan.add({ kind: 'StopContainer', id: opId.stopContainer(c.name), service: c.service, name: c.name, container: { containerId: c.id }, timeout: ctx.options.timeout ?? ctx.project.services[c.service].stopTimeout, cause, after: [] });
      ctx.stopped.set(c.id, { op: stop.id, restart: { cause, after: stop.id } });
      after.push(stop.id);
    }
    const disconnect = ctx.plan.add({ kind: 'DisconnectNetwork', id: opId.disconnectNetwork(c.name, live.name), service: c.service, network: live.name, container: { containerId: c.id }, containerName: c.name, cause, after });
    disconnects.push(disconnect.id);
  }
  const changed: Cause = { kind: 'config-changed', old: live.configHash ?? '', new: net.configHash ?? '' };
  const remove = ctx.plan.add({ kind: 'RemoveNetwork', id: opId.removeNetwork(live.name), key: net.key, name: live.name, cause: changed, after: disconnects });
  const create = ctx.plan.add({ kind: 'CreateNetwork', id: opId.createNetwork(net.name), key: net.key, name: net.name, cause: changed, after: [remove.id] });
  ctx.networkOps.set(net.key, create.id);
  for (const c of containers) {
    const connect = ctx.plan.add({ kind: 'ConnectNetwork', id: opId.connectNetwork(c.name, net.name), service: c.service, network: net.name, container: { containerId: c.id }, containerName: c.name, cause, after: [create.id] });
    ctx.connects.set(c.id, [...(ctx.connects.get(c.id) ?? []), connect.id]);
    const stop = ctx.stopped.get(c.id);
    // The restart waits for the last reconnect, as compose's start phase does.
    if (stop?.restart !== undefined) stop.restart.after = connect.id;
  }
}
