// Dependency order of services, leaves first, ties broken by name so plans are deterministic
// (compose reconcile.go visitInDependencyOrder). core/graph is the executor's walker; the pure
// reconciler needs only this order and its reverse.
import { CoreError } from '../errors';
import type { DesiredService } from './input';

/** Services in `names` ordered so each comes after its depends_on (within `names`). */
export function dependencyOrder(services: Record<string, DesiredService>, names: Iterable<string>): string[] {
  const pending = new Set([...names].sort());
  const done = new Set<string>();
  const order: string[] = [];
  while (pending.size > 0) {
    const next = [...pending].find((name) => depsOf(services, name, pending).every((d) => done.has(d)));
    if (next === undefined) {
      throw new CoreError('INVALID_ARGUMENT', `dependency cycle detected: ${findCycle(services, pending).join(' -> ')}`);
    }
    pending.delete(next);
    done.add(next);
    order.push(next);
  }
  return order;
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
