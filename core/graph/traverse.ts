// One graph walk for up and down, as docker/compose's graph traversal (InDependencyOrder /
// InReverseDependencyOrder) with bounded concurrency: `up` visits dependencies first, `down`
// dependants first. A vertex starts only after all its predecessors finished; the first failure
// stops scheduling (running callbacks finish) and is reported with the vertex's name.
import { CoreError } from '../errors';
import type { ServiceGraph } from './graph';

export type Direction = 'up' | 'down';

export interface TraverseOptions {
  direction: Direction;
  /** At most this many callbacks at once (default: unbounded). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Visit only these vertices (edges to others are ignored); default all. */
  only?: Iterable<string>;
}

export class TraversalError extends CoreError {
  constructor(readonly vertex: string, cause: unknown) {
    super('FAILED_PRECONDITION', `${vertex}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TraversalError';
  }
}

export async function traverse(g: ServiceGraph, visit: (name: string, signal: AbortSignal) => Promise<void>, opts: TraverseOptions): Promise<void> {
  const only = new Set(opts.only ?? g.vertices);
  // up: a vertex waits for what it needs; down: for what needs it.
  const before = opts.direction === 'up' ? g.needs : g.neededBy;
  const pending = new Map<string, number>();
  for (const v of only) pending.set(v, [...before.get(v)!].filter((p) => only.has(p)).length);
  const after = opts.direction === 'up' ? g.neededBy : g.needs;
  const limit = Math.max(1, opts.concurrency ?? Infinity);
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const ready = [...pending].filter(([, n]) => n === 0).map(([v]) => v).sort();
  let running = 0;
  let failure: unknown;
  return new Promise<void>((resolve, reject) => {
    const finish = (): void => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) reject(failure);
      else resolve();
    };
    const pump = (): void => {
      if (failure === undefined && opts.signal?.aborted) failure = new CoreError('UNAVAILABLE', 'traversal aborted', { cause: opts.signal.reason });
      while (failure === undefined && running < limit && ready.length > 0) start(ready.shift()!);
      if (running === 0) finish();
    };
    const start = (v: string): void => {
      running++;
      pending.delete(v);
      visit(v, inner.signal).then(
        () => {
          for (const next of after.get(v)!) {
            if (!pending.has(next)) continue;
            const left = pending.get(next)! - 1;
            pending.set(next, left);
            if (left === 0) ready.push(next);
          }
        },
        (err: unknown) => {
          failure ??= new TraversalError(v, err);
          inner.abort(failure);
        },
      ).finally(() => {
        running--;
        pump();
      });
    };
    pump();
  });
}
