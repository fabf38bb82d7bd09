// Services as vertices, "needs" edges from depends_on (every condition), links,
// `service:x` namespaces (network_mode, ipc, pid, uts, cgroup) and volumes_from, as
// docker/compose's dependencies.go builds its graph. Pure: it reads the project, nothing else.
import { CoreError } from '../errors';

/** The parts of a service the graph reads (a structural subset of ServiceConfig). */
export interface GraphService {
  depends_on?: Record<string, unknown>;
  links?: string[];
  network_mode?: string;
  ipc?: string;
  pid?: string | null;
  uts?: string;
  cgroup?: string;
  volumes_from?: string[];
}

export class ServiceGraph {
  /** name → the services it needs (its dependencies). */
  readonly needs = new Map<string, Set<string>>();
  /** name → the services that need it (its dependants). */
  readonly neededBy = new Map<string, Set<string>>();

  constructor(names: Iterable<string>) {
    for (const n of names) {
      this.needs.set(n, new Set());
      this.neededBy.set(n, new Set());
    }
  }

  get vertices(): string[] {
    return [...this.needs.keys()];
  }

  addEdge(from: string, to: string): void {
    this.needs.get(from)?.add(to);
    this.neededBy.get(to)?.add(from);
  }
}

export function dependenciesOf(svc: GraphService): string[] {
  const deps = new Set<string>(Object.keys(svc.depends_on ?? {}));
  for (const l of svc.links ?? []) deps.add(l.split(':')[0]!);
  for (const ns of [svc.network_mode, svc.ipc, svc.pid, svc.uts, svc.cgroup]) {
    if (typeof ns === 'string' && ns.startsWith('service:')) deps.add(ns.slice('service:'.length));
  }
  for (const vf of svc.volumes_from ?? []) if (!vf.startsWith('container:')) deps.add(vf.split(':')[0]!);
  return [...deps];
}

/**
 * Build the graph; edges to services not in the project are dropped (optional dependencies,
 * or services disabled by profiles), as compose does for `required: false`. Throws on cycles.
 */
export function buildGraph(services: Record<string, GraphService>): ServiceGraph {
  const g = graphOf(services);
  const cycle = findCycle(g);
  if (cycle) throw new CoreError('INVALID_ARGUMENT', `dependency cycle detected: ${cycle.join(' -> ')}`);
  return g;
}

/** The graph without the cycle check (for callers that report cycles their own way). */
export function graphOf(services: Record<string, GraphService>): ServiceGraph {
  const g = new ServiceGraph(Object.keys(services).sort());
  for (const [name, svc] of Object.entries(services)) {
    for (const dep of dependenciesOf(svc)) if (dep in services) g.addEdge(name, dep);
  }
  return g;
}

/** A cycle as a path that returns to its start (`a -> b -> a`), or undefined. */
export function findCycle(g: ServiceGraph): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (v: string): string[] | undefined => {
    state.set(v, 'active');
    stack.push(v);
    for (const next of [...g.needs.get(v)!].sort()) {
      if (state.get(next) === 'active') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(v, 'done');
    return undefined;
  };
  for (const v of g.vertices) {
    if (state.has(v)) continue;
    const found = visit(v);
    if (found) return found;
  }
  return undefined;
}
