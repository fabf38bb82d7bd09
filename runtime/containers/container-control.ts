// The control half of the container verbs: signals (kill, stop with grace period, restart,
// pause/unpause through the freezer), wait, inspect/list, recovery after an engine restart, and
// the hooks an external restart manager uses. Built on ContainerLifecycle (create/start/exit).
import type { ContainerInspect, ContainerSummary, ContainerWaitResponse, WaitCondition } from '../api/types';
import { ContainerLifecycle } from './container-lifecycle';
import { ZERO_TIME, type ContainerRecord } from './record';
import { canKill, canPause, canUnpause, guard, isActive, messages } from './state';
import { toInspect, toSummary } from './inspect';
import { matches, normalizeFilters } from './list-filters';

export class ContainerControl extends ContainerLifecycle {
  // ---- for an external restart manager (runtime/restart's RestartHost)

  describeForRestart(id: string): { policy: ContainerRecord['hostConfig']['RestartPolicy']; exitCode: number; manualStop: boolean; restartCount: number; startedAt?: number; finishedAt?: number } | undefined {
    const rec = this.records.get(id);
    if (!rec) return undefined;
    const ms = (iso: string): number | undefined => (iso === ZERO_TIME ? undefined : Date.parse(iso));
    return { policy: rec.hostConfig.RestartPolicy, exitCode: rec.state.exitCode, manualStop: rec.manualStop, restartCount: rec.restartCount, startedAt: ms(rec.state.startedAt), finishedAt: ms(rec.state.finishedAt) };
  }

  /** A restart decided by a policy: RestartCount + 1, unless the user stopped or started it meanwhile. */
  async policyRestart(id: string): Promise<void> {
    await this.lock.run(id, async () => {
      const rec = this.records.get(id);
      if (!rec || rec.manualStop || !(rec.state.status === 'exited' || rec.state.status === 'restarting')) return;
      await this.restartNow(rec);
    });
  }

  /** Shows `restarting` while a policy's back-off runs, as docker ps does. */
  markRestarting(id: string, restarting: boolean): void {
    const rec = this.records.get(id);
    if (!rec) return;
    if (restarting && rec.state.status === 'exited') rec.state.status = 'restarting';
    else if (!restarting && rec.state.status === 'restarting') rec.state.status = 'exited';
    else return;
    void this.persist(rec).catch(() => undefined);
  }

  /** Resolves with the exit code of the next exit (subscribe before acting, so none is missed). */

  // ---- signals

  /**
   * Sends `signal`. A SIGKILL returns once the container has exited, as dockerd's does, so a
   * `kill` followed by `rm` finds it stopped; other signals return once sent.
   */
  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    const id = this.get(ref).id;
    const ac = new AbortController();
    const exited = signalNumber(signal) === '9' ? this.nextExit(id, ac.signal) : undefined;
    exited?.catch(() => undefined);
    try {
      await this.lock.run(id, async () => {
        const rec = this.get(id);
        guard(canKill(rec.state.status), messages.notRunning(rec.id));
        rec.manualStop = true;
        await this.persist(rec);
        await this.o.tasks.kill(id, signal, false);
        this.emit(rec, 'kill', { signal: signalNumber(signal) });
      });
      if (exited) await Promise.race([exited, delay(KILL_WAIT_MS)]);
    } finally {
      ac.abort();
    }
  }

  /**
   * Stop: the stop signal, then SIGKILL after the grace period (StopTimeout, default 10 s), as
   * Docker does. False when the container was not running (Docker answers 304).
   */
  async stop(ref: string, opts: { timeout?: number; signal?: string } = {}): Promise<boolean> {
    const id = this.get(ref).id;
    const ac = new AbortController();
    const exited = this.nextExit(id, ac.signal);
    exited.catch(() => undefined);
    const sent = await this.lock.run(id, async () => {
      const rec = this.get(id);
      if (!isActive(rec.state.status)) return false;
      rec.manualStop = true;
      // Between two runs of a restart policy there is no process: stopping means not restarting.
      if (rec.state.status === 'restarting') { rec.state.status = 'exited'; await this.persist(rec); return 'done'; }
      await this.persist(rec);
      const sig = opts.signal ?? rec.config.StopSignal ?? 'SIGTERM';
      await this.o.tasks.kill(id, sig, false).catch(() => undefined);
      this.emit(rec, 'kill', { signal: signalNumber(sig) }); // dockerd reports stop's signal as a kill event
      // A frozen process cannot handle its signal: thaw it, as Docker does for a paused container.
      if (rec.state.status === 'paused') await this.o.tasks.resume(id).catch(() => undefined);
      return true;
    });
    if (sent !== true) { ac.abort(); return sent === 'done'; }
    const rec = this.get(id);
    const grace = (opts.timeout ?? rec.config.StopTimeout ?? 10) * 1000;
    // A negative timeout waits for the process however long it takes, as Docker's -1.
    const timer = grace < 0 ? undefined : setTimeout(() => { void this.o.tasks.kill(id, 'SIGKILL', true).catch(() => undefined); }, grace);
    try { await exited; } finally { clearTimeout(timer); }
    this.emit(this.get(id), 'stop');
    return true;
  }

  async restart(ref: string, opts: { timeout?: number } = {}): Promise<void> {
    await this.stop(ref, opts);
    await this.start(ref);
    this.emit(this.get(ref), 'restart');
  }

  async pause(ref: string): Promise<void> {
    await this.transition(ref, 'pause', canPause, (id) => messages.alreadyPaused(id), (id) => this.o.tasks.pause(id), 'paused');
  }

  async unpause(ref: string): Promise<void> {
    await this.transition(ref, 'unpause', canUnpause, (id) => messages.notPaused(id), (id) => this.o.tasks.resume(id), 'running');
  }

  private async transition(ref: string, action: string, can: (s: ContainerRecord['state']['status']) => boolean, msg: (id: string) => string, act: (id: string) => Promise<void>, to: 'paused' | 'running'): Promise<void> {
    const id = this.get(ref).id;
    await this.lock.run(id, async () => {
      const rec = this.get(id);
      guard(isActive(rec.state.status), messages.notRunning(rec.id));
      guard(can(rec.state.status), msg(rec.id));
      await act(id);
      rec.state.status = to;
      await this.persist(rec);
      this.emit(rec, action);
    });
  }

  // ---- queries

  /** POST /containers/{id}/wait. */
  async wait(ref: string, condition: WaitCondition = 'not-running', signal?: AbortSignal): Promise<ContainerWaitResponse> {
    const rec = this.get(ref);
    if (condition === 'removed') {
      const code = await new Promise<number>((resolve, reject) => {
        const on = (c: number): void => resolve(c);
        this.exits.once(`removed:${rec.id}`, on);
        signal?.addEventListener('abort', () => { this.exits.off(`removed:${rec.id}`, on); reject(signal.reason); }, { once: true });
      });
      return { StatusCode: code, Error: null };
    }
    if (condition === 'not-running' && !isActive(rec.state.status)) return { StatusCode: rec.state.exitCode, Error: null };
    return { StatusCode: await this.nextExit(rec.id, signal), Error: null };
  }

  inspect(ref: string): ContainerInspect {
    return toInspect(this.get(ref), []);
  }

  list(opts: { all?: boolean; filters?: Record<string, string[] | Record<string, boolean>>; limit?: number } = {}): ContainerSummary[] {
    const f = normalizeFilters(opts.filters);
    const now = this.now();
    const recs = [...this.records.values()]
      .filter((r) => opts.all || f.status?.length || isActive(r.state.status))
      .filter((r) => matches(r, f))
      .sort((a, b) => b.created.localeCompare(a.created));
    return (opts.limit && opts.limit > 0 ? recs.slice(0, opts.limit) : recs).map((r) => toSummary(r, now));
  }

  // ---- restart of the engine

  /**
   * After an engine restart: a container whose conmon wrote an exit file is marked exited with
   * that code; one whose conmon still runs is watched again (paused state from the runtime);
   * one whose monitor vanished without an exit file is marked exited (255), as dockerd does for
   * containers lost across a crash.
   */
  async recover(): Promise<void> {
    const ended: ContainerRecord[] = [];
    for (const rec of [...this.records.values()].filter((r) => isActive(r.state.status))) {
      await this.lock.run(rec.id, async () => {
        const paths = this.paths(rec);
        const exit = await this.o.tasks.readExit(paths, rec.id);
        if (exit) { await this.finishExit(rec, exit); ended.push(rec); return; }
        if (await this.o.tasks.monitorAlive(paths, rec.id)) {
          const st = await this.o.tasks.state(rec.id);
          if (st?.status === 'paused' || st?.status === 'running') rec.state.status = st.status;
          await this.persist(rec);
          this.watch(rec);
          this.afterStart(rec, false);
          return;
        }
        rec.state.error = 'container monitor (conmon) is gone; exit status unknown';
        // The runtime's forced delete also kills a process that outlived its monitor.
        await this.finishExit(rec, { exitCode: 255, oomKilled: false, finishedAt: this.now() });
        ended.push(rec);
      });
    }
    for (const rec of [...this.records.values()].filter((r) => !isActive(r.state.status))) {
      await this.lock.run(rec.id, () => this.rollBackStart(rec));
    }
    // As dockerd at start-up: what a restart policy wants running is started again.
    for (const rec of ended) {
      if (!this.willRestart(rec)) continue;
      rec.state.status = 'restarting';
      await this.afterExit(rec);
    }
  }

  /**
   * A container recorded as not running whose task the runtime still knows: a start the crash
   * cut short (created, even started, before the record said so) or an exit whose delete it
   * missed. Rolled back: its processes killed, its monitor awaited, the task (and cgroup)
   * deleted, and its exit files cleared so the next start does not read them as its own exit.
   */
  private async rollBackStart(rec: ContainerRecord): Promise<void> {
    if (!(await this.o.tasks.runtime.knows(rec.id))) return;
    const paths = this.paths(rec);
    const started = rec.state.startedAt === ZERO_TIME;
    await this.o.tasks.kill(rec.id, 'SIGKILL', true).catch(() => undefined);
    await this.o.tasks.monitorGone(paths, rec.id, 3000);
    await this.o.tasks.delete(rec.id, rec.cgroupsPath, true).catch((err: Error) => this.o.log?.(`container ${rec.id}: delete task at recovery: ${err.message}`));
    await this.o.tasks.clearExit(paths, rec.id);
    if (started) {
      // Not a first start any more: the next start clears what this one may still leave.
      rec.state.error = 'start interrupted: the engine stopped before the container ran';
      await this.persist(rec);
    }
    this.o.log?.(`container ${rec.id}: rolled back a start left unfinished by the previous engine`);
  }
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGSTOP: 19, SIGCONT: 18 };
/** How long a SIGKILL waits for the exit before it answers anyway (a D-state process can outlast it). */
const KILL_WAIT_MS = 10_000;

const delay = (ms: number): Promise<void> => new Promise((r) => { setTimeout(r, ms).unref(); });

function signalNumber(sig: string): string {
  const s = sig.toUpperCase();
  return String(/^\d+$/.test(s) ? Number(s) : SIGNALS[s.startsWith('SIG') ? s : `SIG${s}`] ?? s);
}
