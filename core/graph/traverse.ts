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

export async function traverse(g: ServiceGraph, visit: Visit, opts: TraverseOptions): Promise<void> {
  return new Walk(g, visit, opts).run();
}

type Visit = (name: string, signal: AbortSignal) => Promise<void>;

/** One traversal's state: how many predecessors each vertex still waits for, what is ready. */
class Walk {
  private readonly pending = new Map<string, number>();
  private readonly after: Map<string, Set<string>>;
  private readonly ready: string[];
  private readonly limit: number;
  private readonly inner = new AbortController();
  private running = 0;
  private failure: unknown;
  private done!: () => void;
  private fail!: (err: unknown) => void;

  constructor(g: ServiceGraph, private readonly visit: Visit, private readonly opts: TraverseOptions) {
    const only = new Set(opts.only ?? g.vertices);
    // up: a vertex waits for what it needs; down: for what needs it.
    const before = opts.direction === 'up' ? g.needs : g.neededBy;
    for (const v of only) this.pending.set(v, [...before.get(v)!].filter((p) => only.has(p)).length);
    this.after = opts.direction === 'up' ? g.neededBy : g.needs;
    this.limit = Math.max(1, opts.concurrency ?? Infinity);
    this.ready = [...this.pending].filter(([, n]) => n === 0).map(([v]) => v).sort();
  }

  run(): Promise<void> {
    const onAbort = (): void => this.inner.abort(this.opts.signal?.reason);
    this.opts.signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise<void>((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
      this.pump();
    }).finally(() => this.opts.signal?.removeEventListener('abort', onAbort));
  }

  private pump(): void {
    const signal = this.opts.signal;
    if (this.failure === undefined && signal?.aborted) this.failure = new CoreError('UNAVAILABLE', 'traversal aborted', { cause: signal.reason });
    while (this.failure === undefined && this.running < this.limit && this.ready.length > 0) this.start(this.ready.shift()!);
    if (this.running > 0) return;
    if (this.failure !== undefined) this.fail(this.failure);
    else this.done();
  }

  private start(v: string): void {
    this.running++;
    this.pending.delete(v);
    this.visit(v, this.inner.signal).then(
      () => this.release(v),
      (err: unknown) => {
        this.failure ??= new TraversalError(v, err);
        this.inner.abort(this.failure);
      },
    ).finally(() => {
      this.running--;
      this.pump();
    });
  }

  /** `v` finished: its successors wait for one vertex less. */
  private release(v: string): void {
    for (const next of this.after.get(v)!) {
      const left = this.pending.get(next);
      if (left === undefined) continue;
      this.pending.set(next, left - 1);
      if (left === 1) this.ready.push(next);
    }
  }
}
