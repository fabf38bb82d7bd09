// Restart policies in the daemon: runtime/restart's RestartManager (dockerd's back-off: 100 ms
// doubling to 1 min, reset after 10 s of running) drives the container service's host methods.
// The service is opened with restartPolicies: 'external', so only the manager restarts.
// Recovery at open publishes `die` for containers that ended while no engine ran; those events are
// replayed to the manager from the bus, so a policy that wants them running starts them again after
// an engine restart, as dockerd does at boot.
import type { ContainerService } from '../containers/index';
import type { EventBus } from '../events/index';
import { RestartManager } from '../restart/index';

export function startRestartManager(svc: ContainerService, bus: EventBus, openedAtNs: bigint, log?: (line: string) => void): RestartManager {
  const manager = new RestartManager({
    host: {
      describe: (id) => svc.describeForRestart(id),
      restart: (id) => svc.policyRestart(id),
      markRestarting: (id, on) => svc.markRestarting(id, on),
    },
    subscribe: (fn) => {
      for (const ev of bus.since(openedAtNs)) fn(ev);
      return bus.subscribe(fn);
    },
    clock: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    log,
  });
  manager.start();
  return manager;
}
