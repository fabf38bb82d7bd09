// ContainerService: the lifecycle verbs (container-lifecycle.ts) plus what reads or enters a
// container: logs, top, stats, exec, copy in and out. The daemon exposes it as Docker's API.
import type { Readable } from 'node:stream';
import type { ContainerInspect, ContainerPruneResponse, ContainerStats, ExecCreateRequest, ExecInspect, PathStat } from '../api/types';
import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import { nameConflict, validateName } from './names';
import { matches, normalizeFilters } from './list-filters';
import { EngineError } from '../errors';
import { logLimits, readLog, RotationKeeper, type LogEntry } from '../logs/index';
import { networkStats, type StatsSample } from '../tasks/stats';
import type { TopResult } from '../tasks/top';
import type { ExecHandle } from '../tasks/exec';
import type { AttachStreams } from '../tasks/attach';
import type { ContainerServiceOptions } from './container-lifecycle';
import { ContainerControl } from './container-control';
import { ExecManager } from './exec-manager';
import { toInspect } from './inspect';
import { toDockerStats } from './stats-view';
import { canExec, guard, isActive, messages } from './state';
import { getArchive, statPath } from './archive';
import { putArchive } from './archive-put';
import { removePath } from './archive-remove';
import { HealthMonitor, probeCommand } from './health';
import { join } from 'node:path';
import type { ContainerRecord } from './record';

export interface LogsOptions {
  stdout?: boolean;
  stderr?: boolean;
  /** Unix seconds, fractions allowed: "1700000000.123456789" exactly, or a number (µs precision). */
  since?: number | string;
  until?: number | string;
  /** Last N lines; undefined or "all" = everything. */
  tail?: number;
  follow?: boolean;
  signal?: AbortSignal;
}

/** Docker's since/until value → ns since the epoch; 0 or absent means no bound. */
export function secondsToNs(v: number | string | undefined): bigint | undefined {
  if (v === undefined || v === '' || Number(v) <= 0) return undefined;
  if (typeof v === 'number') return BigInt(Math.floor(v * 1e6)) * 1000n;
  const [whole, frac = ''] = v.split('.');
  return BigInt(whole) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
}

export class ContainerService extends ContainerControl {
  private readonly execs: ExecManager;
  private readonly lastStats = new Map<string, StatsSample>();
  private readonly health = new Map<string, HealthMonitor>();
  private readonly logKeepers = new Map<string, RotationKeeper>();

  private constructor(o: ContainerServiceOptions) {
    super(o);
    this.execs = new ExecManager(o.tasks, this.fsys, o.host.capabilities, (ex) => {
      const rec = this.records.get(ex.containerId);
      if (rec) this.emit(rec, `exec_die`, { execID: ex.id, exitCode: String(ex.exitCode) });
    });
  }

  /** Loads every record and re-attaches to running containers (see `recover`). */
  static async open(o: ContainerServiceOptions): Promise<ContainerService> {
    const svc = new ContainerService(o);
    await svc.load();
    await svc.recover();
    return svc;
  }

  /** Starts the healthcheck monitor; a fresh start resets the health to "starting", as Docker. */
  protected override afterStart(rec: ContainerRecord, fresh: boolean): void {
    this.keepRotatedLogs(rec);
    this.health.get(rec.id)?.stop();
    if (!probeCommand(rec.config.Healthcheck)) return;
    if (fresh || !rec.state.health) rec.state.health = { Status: 'starting', FailingStreak: 0, Log: [] };
    const state = rec.state.health;
    const m = new HealthMonitor({
      config: rec.config.Healthcheck ?? {}, state, now: this.now,
      runner: { exec: async (cmd, execId) => this.o.tasks.exec(rec.id, execId, await this.execs.processFor(rec, { Cmd: cmd }), join(rec.dir, 'exec')) },
      onProbe: () => { void this.persist(rec).catch(() => undefined); },
      onChange: (status) => { this.emit(rec, `health_status: ${status}`); },
    });
    this.health.set(rec.id, m);
    m.start();
  }

  /** --log-opt max-file: the files conmon's rotation replaces are kept as <log>.1, .2... */
  private keepRotatedLogs(rec: ContainerRecord): void {
    void this.logKeepers.get(rec.id)?.stop();
    let maxFile = 1;
    try { ({ maxFile } = logLimits(rec.hostConfig.LogConfig)); } catch { return; } // refused at create
    if (maxFile <= 1) return;
    const keeper = new RotationKeeper(this.paths(rec).logPath, maxFile);
    this.logKeepers.set(rec.id, keeper);
    void keeper.start().catch(() => undefined);
  }

  protected override afterStop(rec: ContainerRecord): void {
    void this.logKeepers.get(rec.id)?.stop();
    this.logKeepers.delete(rec.id);
    this.health.get(rec.id)?.stop();
    this.health.delete(rec.id);
  }

  override inspect(ref: string): ContainerInspect {
    const rec = this.get(ref);
    return toInspect(rec, this.execs.idsFor(rec.id));
  }

  override async remove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const id = this.get(ref).id;
    await super.remove(id, opts);
    this.execs.forget(id);
    this.lastStats.delete(id);
  }

  /** The container's log; with `follow`, continues until the container stops or `signal` aborts. */
  logs(ref: string, o: LogsOptions): AsyncGenerator<LogEntry> {
    const rec = this.get(ref);
    const stopped = o.follow && isActive(rec.state.status) ? this.nextExit(rec.id, o.signal) : undefined;
    stopped?.catch(() => undefined);
    return readLog(this.paths(rec).logPath, {
      stdout: o.stdout, stderr: o.stderr, sinceNs: secondsToNs(o.since), untilNs: secondsToNs(o.until), tail: o.tail,
      follow: !!o.follow && isActive(rec.state.status), stopped, signal: o.signal,
    });
  }

  async top(ref: string, psArgs?: string): Promise<TopResult> {
    const rec = this.get(ref);
    guard(isActive(rec.state.status), messages.notRunning(rec.id));
    return this.o.tasks.top(rec.id, psArgs);
  }

  /** One stats sample (the API streams one per second); zeros for a stopped container, as Docker. */
  async stats(ref: string): Promise<ContainerStats> {
    const rec = this.get(ref);
    if (!isActive(rec.state.status)) return toDockerStats(rec.id, rec.name, undefined, undefined);
    const cur = await this.o.tasks.stats(rec.cgroupsPath);
    const prev = this.lastStats.get(rec.id);
    this.lastStats.set(rec.id, cur);
    const out = toDockerStats(rec.id, rec.name, cur, prev);
    // Host networking has no counters of its own: Docker leaves `networks` out then too.
    const net = rec.hostConfig.NetworkMode === 'host' ? undefined : await networkStats(rec.state.pid);
    if (net && Object.keys(net).length > 0) out.networks = net;
    return out;
  }

  /**
   * POST /containers/{id}/attach: the running container's live stdout/stderr (separate even
   * without a TTY) and its stdin when created with OpenStdin. Earlier output is in `logs`.
   */
  attach(ref: string): AttachStreams {
    const rec = this.get(ref);
    guard(isActive(rec.state.status), `You cannot attach to a stopped container, start it first`);
    return this.o.tasks.attach(this.paths(rec));
  }

  /** POST /containers/{id}/rename (compose renames a recreated container into place). */
  async rename(ref: string, newName: string): Promise<void> {
    const id = this.get(ref).id;
    await this.lock.run(id, async () => {
      const rec = this.get(id);
      const name = validateName(newName);
      if (name === rec.name) throw new EngineError('INVALID_ARGUMENT', `Renaming a container with the same name as its current name`);
      const clash = [...this.records.values()].find((r) => r.name === name);
      if (clash) throw nameConflict(name, `container "${clash.id}"`);
      if (this.reservedNames.has(name)) throw nameConflict(name, 'a container being created');
      const oldName = rec.name;
      rec.name = name;
      await this.persist(rec);
      this.emit(rec, 'rename', { oldName: `/${oldName}` });
    });
  }

  /** POST /containers/prune: removes stopped containers matching label filters (and `until`). */
  async prune(filters: Record<string, string[]> = {}): Promise<ContainerPruneResponse> {
    const { until, ...rest } = filters;
    const f = normalizeFilters(rest);
    const cutoff = until?.length ? Date.parse(/^\d+$/.test(until[0]) ? new Date(Number(until[0]) * 1000).toISOString() : until[0]) : Infinity;
    const deleted: string[] = [];
    for (const rec of [...this.records.values()]) {
      if (isActive(rec.state.status) || !matches(rec, f) || !(Date.parse(rec.created) < cutoff)) continue;
      await this.remove(rec.id).then(() => deleted.push(rec.id), () => undefined);
    }
    return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: 0 };
  }

  /** POST /containers/{id}/resize: the TTY size, through conmon's control FIFO (type 1 = resize). */
  async resize(ref: string, height: number, width: number): Promise<void> {
    const rec = this.get(ref);
    guard(isActive(rec.state.status), messages.notRunning(rec.id));
    if (!rec.config.Tty) return;
    // Non-blocking: with no conmon reading the FIFO, open fails (ENXIO) instead of hanging.
    const fh = await open(join(rec.dir, 'ctl'), constants.O_WRONLY | constants.O_NONBLOCK).catch((err: Error) => {
      throw new EngineError('UNAVAILABLE', `resize: container monitor not reachable`, { cause: err });
    });
    try { await fh.write(`1 ${Math.trunc(height)} ${Math.trunc(width)}\n`); } finally { await fh.close(); }
  }

  // ---- exec

  execCreate(ref: string, req: ExecCreateRequest): string {
    const rec = this.get(ref);
    guard(canExec(rec.state.status), rec.state.status === 'paused' ? `Container ${rec.id} is paused, unpause the container before exec` : messages.notRunning(rec.id));
    const id = this.execs.create(rec.id, req);
    this.emit(rec, `exec_create: ${req.Cmd.join(' ')}`, { execID: id });
    return id;
  }

  async execStart(execId: string, opts: { tty?: boolean } = {}): Promise<ExecHandle> {
    const ex = this.execs.get(execId);
    const rec = this.get(ex.containerId);
    guard(canExec(rec.state.status), messages.notRunning(rec.id));
    const handle = await this.execs.start(execId, rec, opts);
    this.emit(rec, `exec_start: ${ex.req.Cmd.join(' ')}`, { execID: execId });
    return handle;
  }

  /** POST /exec/{id}/resize: the exec's pty, through its monitor. */
  execResize(execId: string, height: number, width: number): Promise<void> {
    return this.execs.resize(execId, height, width);
  }

  execInspect(execId: string): ExecInspect {
    return this.execs.inspect(execId);
  }

  // ---- archive (docker cp)

  private fsBase(rec: ContainerRecord): string {
    if (isActive(rec.state.status) && rec.state.pid > 0) return `/proc/${rec.state.pid}/root`;
    if (!rec.rootfs) throw new EngineError('FAILED_PRECONDITION', `container ${rec.id} has no root filesystem`);
    return rec.rootfs;
  }

  statPath(ref: string, path: string): Promise<PathStat> {
    return statPath(this.fsys, this.fsBase(this.get(ref)), path);
  }

  getArchive(ref: string, path: string): Promise<{ stat: PathStat; stream: Readable }> {
    return getArchive(this.fsys, this.fsBase(this.get(ref)), path);
  }

  async putArchive(ref: string, path: string, tar: Readable, opts: { copyUidGid?: boolean } = {}): Promise<void> {
    const rec = this.get(ref);
    guard(!rec.hostConfig.ReadonlyRootfs, `container rootfs is marked read-only`);
    await putArchive(this.fsys, this.fsBase(rec), path, tar, opts);
    this.emit(rec, 'extract-to-dir');
  }

  /** Removes `path` in the container (watch's deletions); false when it was not there. */
  async removePath(ref: string, path: string): Promise<boolean> {
    const rec = this.get(ref);
    guard(!rec.hostConfig.ReadonlyRootfs, `container rootfs is marked read-only`);
    return removePath(this.fsys, this.fsBase(rec), path);
  }
}
