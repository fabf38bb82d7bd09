// Orphans (compose isOrphaned): containers of the project whose service is not in the compose
// file (enabled or not), and one-off runs that have exited. Removed with --remove-orphans,
// otherwise named in a warning, as compose does.
import { opId } from '../plan/ids';
import type { PlanBuilder } from '../plan/builder';
import type { Cause } from '../plan/cause';
import type { ObservedContainer, ObservedState } from '../observe/observed-state';
import { isActive } from './context';

export function findOrphans(observed: ObservedState, known: Set<string>, allOneOffs: boolean): ObservedContainer[] {
  return observed.containers.filter((c) => {
    if (c.oneOff) return allOneOffs || c.state === 'exited' || c.state === 'dead';
    return !known.has(c.service);
  });
}

export function orphanWarning(orphans: ObservedContainer[]): string {
  const names = orphans.map((c) => c.name).join(', ');
  return `found orphan containers (${names}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`;
}

/** Stop (when running) then remove each container; returns the remove op ids. */
export function planRemoveContainers(plan: PlanBuilder, list: ObservedContainer[], cause: Cause, opts: { volumes: boolean; timeout?: number; after?: string[]; service?: string }): string[] {
  return list.map((c) => {
    const after = [...(opts.after ?? [])];
    if (isActive(c)) {
      const stop = plan.add({ kind: 'StopContainer', id: opId.stopContainer(c.name), service: opts.service, name: c.name, container: { containerId: c.id }, timeout: opts.timeout, cause, after });
      after.splice(0, after.length, stop.id);
    }
    const remove = plan.add({ kind: 'RemoveContainer', id: opId.removeContainer(c.name), service: opts.service, name: c.name, container: { containerId: c.id }, volumes: opts.volumes, cause, after });
    return remove.id;
  });
}
