// The restart manager as a standalone service over a narrow view of the ContainerService and the
// event bus: on each `die` event it asks policy.ts, waits the back-off delay (cancelled when the
// user starts, stops or removes the container meanwhile) and starts the container again. Its
// per-container state (last delay) is kept in memory; RestartCount and manualStop live in the
// container record, so what survives an engine restart is what dockerd keeps too.
import type { EventMessage, RestartPolicy } from '../api/types';
import { decideRestart } from './policy';

export interface RestartTarget {
  policy: RestartPolicy | undefined;
  exitCode: number;
  manualStop: boolean;
  restartCount: number;
  /** ms since epoch; undefined when unknown. */
  startedAt?: number;
  finishedAt?: number;
}

/** What the manager needs of the ContainerService. */
export interface RestartHost {
  /** undefined when the container is gone. */
  describe(id: string): RestartTarget | undefined;
  /** Starts it as a policy restart (RestartCount + 1, `restarting` until then). */
  restart(id: string): Promise<void>;
  /** Marks `restarting` while the delay runs, as docker ps shows it. */
  markRestarting(id: string, restarting: boolean): void;
}

export interface RestartClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RestartManagerOptions {
  host: RestartHost;
  subscribe: (fn: (ev: EventMessage) => void) => () => void;
  clock: RestartClock;
  log?: (line: string) => void;
}

export class RestartManager {
  private readonly delays = new Map<string, number>();
  private readonly pending = new Map<string, unknown>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: RestartManagerOptions) {}

  start(): void {
    this.unsubscribe = this.o.subscribe((ev) => this.onEvent(ev));
  }

  close(): void {
    this.unsubscribe?.();
    for (const h of this.pending.values()) this.o.clock.clearTimeout(h);
    this.pending.clear();
  }

  /** The delay scheduled for `id`, if a restart is pending (tests, inspect). */
  pendingDelay(id: string): number | undefined {
    return this.pending.has(id) ? this.delays.get(id) : undefined;
  }

  private onEvent(ev: EventMessage): void {
    if (ev.Type !== 'container') return;
    const id = ev.Actor.ID;
    if (ev.Action === 'die') this.onDie(id);
    else if (ev.Action === 'destroy' || ev.Action === 'stop') this.cancel(id, ev.Action === 'destroy');
  }

  private onDie(id: string): void {
    const t = this.o.host.describe(id);
    if (t === undefined || this.pending.has(id)) return;
    const ranForMs = t.startedAt !== undefined && t.finishedAt !== undefined ? t.finishedAt - t.startedAt : 0;
    const d = decideRestart({ ...t, ranForMs, previousDelayMs: this.delays.get(id) ?? 0 });
    if (!d.restart) return;
    this.delays.set(id, d.delayMs);
    this.o.host.markRestarting(id, true);
    this.pending.set(id, this.o.clock.setTimeout(() => {
      this.pending.delete(id);
      const now = this.o.host.describe(id);
      if (now === undefined || now.manualStop) return;
      this.o.host.restart(id).catch((err: Error) => this.o.log?.(`restart ${id}: ${err.message}`));
    }, d.delayMs));
  }

  private cancel(id: string, forget: boolean): void {
    const h = this.pending.get(id);
    if (h !== undefined) {
      this.o.clock.clearTimeout(h);
      this.pending.delete(id);
      this.o.host.markRestarting(id, false);
    }
    if (forget) this.delays.delete(id);
  }
}
