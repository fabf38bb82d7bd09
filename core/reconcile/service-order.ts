// Dependency order of services, leaves first, ties broken by name so plans are deterministic
// (compose reconcile.go visitInDependencyOrder). core/graph is the executor's walker; the pure
// reconciler needs only this order and its reverse.
import { CoreError } from '../errors';
import type { DesiredService } from './input';

/**
 * Services in `names` ordered so each comes after its depends_on (within `names`): Kahn's
 * algorithm taking the alphabetically first ready service each time.
 */
export function dependencyOrder(services: Record<string, DesiredService>, names: Iterable<string>): string[] {
  const within = new Set(names);
  const waiting = new Map<string, number>();
  const users = dependantsIndex(services, within);
  for (const name of within) waiting.set(name, depsOf(services, name, within).length);
  const ready = [...within].filter((n) => waiting.get(n) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as string;
    order.push(next);
    for (const user of users.get(next) ?? []) {
      const left = (waiting.get(user) ?? 0) - 1;
      waiting.set(user, left);
      if (left === 0) insertSorted(ready, user);
    }
  }
  if (order.length < within.size) {
    const stuck = new Set([...within].filter((n) => !order.includes(n)).sort());
    throw new CoreError('INVALID_ARGUMENT', `dependency cycle detected: ${findCycle(services, stuck).join(' -> ')}`);
  }
  return order;
}

function insertSorted(list: string[], item: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < item) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

/** Dependency → its dependants (within `names` when given), each list sorted. */
export function dependantsIndex(services: Record<string, DesiredService>, within?: Set<string>, filter: (dep: { restart: boolean }) => boolean = () => true): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const svc of Object.values(services)) {
    if (within !== undefined && !within.has(svc.name)) continue;
    for (const [dep, cfg] of Object.entries(svc.dependsOn)) {
      if ((within !== undefined && !within.has(dep)) || !filter(cfg)) continue;
      index.set(dep, [...(index.get(dep) ?? []), svc.name]);
    }
  }
  for (const list of index.values()) list.sort();
  return index;
}

function depsOf(services: Record<string, DesiredService>, name: string, within: Set<string>): string[] {
  return Object.keys(services[name]?.dependsOn ?? {}).filter((d) => within.has(d));
}

/** One cycle among `stuck` (services none of which could be ordered), as a path a -> b -> a. */
function findCycle(services: Record<string, DesiredService>, stuck: Set<string>): string[] {
  const start = [...stuck][0];
  const path: string[] = [];
  let current: string | undefined = start;
  while (current !== undefined && !path.includes(current)) {
    path.push(current);
    current = depsOf(services, current, stuck)[0];
  }
  if (current === undefined) return path;
  return [...path.slice(path.indexOf(current)), current];
}

/** Services that depend on `name` directly, sorted. */
export function dependantsOf(services: Record<string, DesiredService>, name: string, filter: (dep: { restart: boolean }) => boolean = () => true): string[] {
  return Object.values(services)
    .filter((s) => s.dependsOn[name] !== undefined && filter(s.dependsOn[name]))
    .map((s) => s.name)
    .sort();
}
