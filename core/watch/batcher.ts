// Groups file events into batches: a batch is flushed once no event arrived for `quietMs`, or at
// the latest `maxWaitMs` after its first event (so a file rewritten without pause still syncs).
// compose waits 500 ms of quiet; Berth's default is measured in bench/watch.bench.ts (see
// DEFAULT_QUIET_MS). The clock is a parameter, so tests drive time by hand.

export interface TimerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: TimerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * 20 ms: an editor's save (write temp, fsync, rename) and a `git checkout` of hundreds of files
 * emit their events less than a few ms apart, so they land in one batch, while an edit shows in the
 * container well inside the 50 ms goal (bench/watch.bench.ts measures both).
 */
export const DEFAULT_QUIET_MS = 20;
export const DEFAULT_MAX_WAIT_MS = 2000;

export class Batcher<T> {
  private items = new Map<string, T>();
  private timer: unknown;
  private firstAt = 0;

  constructor(
    private readonly clock: TimerClock,
    private readonly flush: (items: T[]) => void,
    private readonly quietMs = DEFAULT_QUIET_MS,
    private readonly maxWaitMs = DEFAULT_MAX_WAIT_MS,
  ) {}

  /** Adds an item under `key` (a later item with the same key replaces it). */
  add(key: string, item: T): void {
    if (this.items.size === 0) this.firstAt = this.clock.now();
    this.items.delete(key);
    this.items.set(key, item);
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const left = this.maxWaitMs - (this.clock.now() - this.firstAt);
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, Math.min(this.quietMs, left)));
  }

  /** Flushes what is pending now (used at shutdown). */
  fire(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.size === 0) return;
    const batch = [...this.items.values()];
    this.items = new Map();
    this.flush(batch);
  }

  get pending(): number {
    return this.items.size;
  }
}
