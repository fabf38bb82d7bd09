// The lifecycle base of ContainerService (create, start, exits, remove; see container-control.ts
// for signals, queries and recovery): Docker's container verbs over records (JsonStore), tasks (conmon + crun/runc)
// and injected providers. Every verb refreshes, guards, acts, persists (as youki's lifecycle);
// one verb at a time per container (KeyedMutex). Exits are observed through conmon's exit files,
// so a new service over the same root re-attaches to what still runs (`open` calls `recover`).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { ContainerCreateRequest, ContainerCreateResponse, HostConfig } from '../api/types';
import { EngineError } from '../errors';
import type { TaskExit } from '../tasks/exit-status';
import { containerSpec } from './container-spec';
import { SeccompBpfCache } from '../oci/seccomp-cache';
import { mergeConfig, commandOf } from './merge-config';
import { validateDevice } from '../oci/devices';
import { initialState, ZERO_TIME, type ContainerRecord } from './record';
import { canDelete, canStart, guard, isActive, messages } from './state';
import { logLimits } from '../logs/index';
import { generateName, nameConflict, newContainerId, validateName } from './names';
import { ContainerBase, withCleanup, type ContainerServiceOptions } from './container-base';
import { attachNetwork } from './attach-network';
import { TeardownQueue, releaseContainer } from './teardown';

export type { ContainerServiceOptions } from './container-base';

export class ContainerLifecycle extends ContainerBase {
  private readonly watchers = new Map<string, AbortController>();
  /** Runtime deletes still running after an exit was reported (see finishExit). */
  private readonly deleting = new Map<string, Promise<void>>();
  /** Exits whose runtime delete and network release were left to the removal that follows. */
  private readonly undeleted = new Set<string>();
  private readonly seccompCache: SeccompBpfCache | undefined;
  private readonly teardowns: TeardownQueue;

  constructor(o: ContainerServiceOptions) {
    super(o);
    this.teardowns = new TeardownQueue({
      dir: join(o.root, 'containers'), log: o.log,
      beforeTeardown: async (id) => { o.crashPoint?.('container-teardown'); await o.beforeTeardown?.(id); },
      run: (e, started) => releaseContainer({ tasks: o.tasks, rootfs: o.rootfs, mounts: this.mounts, network: o.network, socketDir: (r) => this.paths(r).socketDir }, e, started),
    });
    this.seccompCache = o.seccompCache === false ? undefined : new SeccompBpfCache(join(o.root, 'containers', 'seccomp-cache'), o.tasks.runtime.name);
  }

  /**
   * Reads the records, then finishes the teardowns a previous engine left in the journal, side by
   * side and before serving (a journalled container is gone even when its record file survived).
   */
  protected async load(): Promise<void> {
    for (const { value } of await this.store.list()) this.records.set(value.id, value);
    for (const e of await this.teardowns.entries()) {
      this.records.delete(e.record.id);
      await this.teardowns.resume(e);
    }
    await this.teardowns.quiesce();
  }

  /** Stops watching exits (the containers keep running: conmon owns them). */
  close(): void {
    for (const ac of this.watchers.values()) ac.abort();
    this.watchers.clear();
    for (const rec of this.records.values()) this.afterStop(rec);
  }

  // ---- create / remove

  async create(req: ContainerCreateRequest, name?: string): Promise<ContainerCreateResponse> {
    if (!req.Image) throw new EngineError('INVALID_ARGUMENT', 'config.Image is required');
    const hc = { NetworkMode: 'default', ...(req.HostConfig ?? {}) };
    if (hc.Memory && hc.Memory < 6 * 1024 * 1024) throw new EngineError('INVALID_ARGUMENT', 'Minimum memory limit allowed is 6MB');
    logLimits(hc.LogConfig); // a bad --log-opt is refused at create, as Docker does
    for (const d of hc.Devices ?? []) validateDevice(d);
    const finalName = name ? validateName(name) : generateName((n) => this.reservedNames.has(n) || [...this.records.values()].some((r) => r.name === n));
    const clash = [...this.records.values()].find((r) => r.name === finalName);
    if (clash) throw nameConflict(finalName, `container "${clash.id}"`);
    const release = this.reservedNames.hold(finalName);
    try {
      return await this.createNamed({ ...req, Image: req.Image }, hc, finalName);
    } finally {
      release();
    }
  }

  private async createNamed(req: ContainerCreateRequest & { Image: string }, hc: HostConfig, finalName: string): Promise<ContainerCreateResponse> {
    const image = await this.o.images.resolve(req.Image);
    const { HostConfig: _hc, NetworkingConfig, Platform: _p, ...reqConfig } = req;
    void _hc; void _p;
    const id = newContainerId();
    const config = mergeConfig(reqConfig, image.config);
    config.Hostname ||= hc.NetworkMode === 'host' ? osHostname() : id.slice(0, 12);
    const { path, args } = commandOf(config);
    const dir = join(this.o.root, 'containers', id);
    const rec: ContainerRecord = {
      id, name: finalName, created: this.now().toISOString(), image: req.Image, imageId: image.id,
      config, hostConfig: hc, networkingConfig: NetworkingConfig, path, args, state: initialState(),
      restartCount: 0, manualStop: false, rootfs: '', mounts: [], dir,
      cgroupsPath: `/${this.o.cgroupParent ?? 'berth'}/${id}`,
    };
    await withCleanup(async () => {
      // The container's dir and its rootfs do not depend on each other: made side by side. The
      // record, written last, is what makes the container exist; a crash before it leaves the
      // same orphans (dir, snapshot) as the one-after-another order did.
      [, rec.rootfs] = await Promise.all([mkdir(dir, { recursive: true }), this.o.rootfs.prepare(id, image.id)]);
      const anonymous = Object.keys(config.Volumes ?? {});
      const resolved = await this.mounts.resolve(id, { binds: hc.Binds ?? [], mounts: hc.Mounts ?? [], tmpfs: hc.Tmpfs ?? {}, volumesFrom: this.volumesFromIds(hc.VolumesFrom ?? []), anonymousVolumes: anonymous, rootfs: rec.rootfs });
      rec.mounts = resolved.mounts;
      if (resolved.volumeAt && Object.keys(resolved.volumeAt).length) rec.volumeAt = resolved.volumeAt;
      this.crashPoint('container-create');
      this.records.set(id, rec);
      await this.persist(rec);
    }, async () => {
      this.records.delete(id);
      // Every step runs even when one fails; the first failure is reported.
      const results = await Promise.allSettled([
        this.mounts.release(id, { removeAnonymous: true }),
        this.o.rootfs.release(id),
        this.store.delete(id),
      ]);
      await rm(dir, { recursive: true, force: true });
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }, 'create container');
    this.emit(rec, 'create');
    return { Id: id, Warnings: [] };
  }

  /**
   * volumes_from names a container by name or id (dockerd looks it up, NOT_FOUND otherwise);
   * the mounts provider keys its records by full id. `c[:ro|rw]` keeps its mode.
   */
  private volumesFromIds(specs: readonly string[]): string[] {
    return specs.map((spec) => {
      const i = spec.lastIndexOf(':');
      const mode = i > 0 && /^(ro|rw)$/.test(spec.slice(i + 1)) ? spec.slice(i) : '';
      return this.get(mode ? spec.slice(0, i) : spec).id + mode;
    });
  }

  /**
   * Removal in two halves. Under the container's lock, what another API call could observe or
   * conflict with: the process (killed, exit recorded), the record and name (a new container may
   * take the name at once), volume references (a `volume rm` right after succeeds), then
   * `destroy` and the `removed` waiters. The rest (runtime delete, network, rootfs, dirs) runs
   * after, journalled first (see teardown.ts); `quiesce()` waits for it.
   */
  async remove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const id = this.get(ref).id;
    await this.lock.run(id, async () => {
      const rec = this.get(id);
      guard(canDelete(rec.state.status, !!opts.force), messages.removeRunning(rec.id, rec.state.status));
      if (isActive(rec.state.status)) {
        await this.o.tasks.kill(id, 'SIGKILL', true).catch(() => undefined);
        const exit = await this.o.tasks.waitExit(this.paths(rec), id, AbortSignal.timeout(10_000)).catch(() => undefined);
        await this.finishExit(rec, exit ?? { exitCode: 137, oomKilled: false, finishedAt: this.now() }, true);
      }
      this.watchers.get(id)?.abort();
      this.watchers.delete(id);
      const entry = { record: rec, removeAnonymous: !!opts.volumes };
      await this.teardowns.journal(entry);
      this.crashPoint('container-remove');
      this.records.delete(id);
      // Volume references are API-visible (volume rm/prune answer "in use"): released now. A
      // failure is retried by the teardown, which calls the same idempotent release.
      if (rec.mounts.length) await this.mounts.release(id, { removeAnonymous: entry.removeAnonymous })
        .catch((err: Error) => this.o.log?.(`container ${id}: release volumes: ${err.message}`));
      // The network release is queued in the network service's lock now (by the exit, or here),
      // ahead of any later prepare or network rm: nothing sees the endpoint or its ports.
      const deleting = this.deleting.get(id);
      this.deleting.delete(id);
      this.undeleted.delete(id);
      const network = deleting ? undefined : this.o.network?.releaseNetwork(id);
      network?.catch(() => undefined); // reported by the teardown
      this.teardowns.begin(entry, { deleting, network });
      this.emit(rec, 'destroy');
      this.exits.emit(`removed:${id}`, rec.state.exitCode);
    });
  }

  /** Resolves when every removed container's teardown (runtime, network, rootfs, dirs) finished. */
  quiesce(): Promise<void> {
    return this.teardowns.quiesce();
  }

  // ---- start / exit

  /** Starts the container; false when it was already running (Docker answers 304). */
  async start(ref: string): Promise<boolean> {
    const id = this.get(ref).id;
    return this.lock.run(id, async () => {
      const rec = this.get(id);
      // "restarting" is a policy's wait between two runs: no process, so a user may start it.
      if (isActive(rec.state.status) && rec.state.status !== 'restarting') return false;
      guard(canStart(rec.state.status) || rec.state.status === 'restarting', `cannot start a container in state ${rec.state.status}`);
      await this.startTask(rec);
      this.emit(rec, 'start');
      return true;
    });
  }

  protected async startTask(rec: ContainerRecord): Promise<void> {
    const paths = this.paths(rec);
    // A previous run's task and exit file would look like an immediate exit of this one.
    await this.deleting.get(rec.id);
    // An AutoRemove exit left its network to the removal; a start got in between: release it here.
    if (this.undeleted.delete(rec.id)) await this.o.network?.releaseNetwork(rec.id).catch(() => undefined);
    // A first start (never started, no failed attempt) has no task, exit or oom file to clear:
    // the runtime's delete and the four rm calls are skipped on the hot path of `run`.
    const firstStart = rec.state.startedAt === ZERO_TIME && !rec.state.error;
    if (rec.state.startedAt !== ZERO_TIME) await this.o.tasks.delete(rec.id, rec.cgroupsPath, true).catch(() => 0);
    // The old monitor's pid file too: the exit watch must not take the dead monitor for the new one's.
    if (!firstStart) await Promise.all([join(paths.exitDir, rec.id), join(paths.persistDir, 'oom'), join(paths.persistDir, 'exit'), join(paths.bundle, 'oom'), paths.conmonPidFile].map((f) => rm(f, { force: true })));
    const pid = await withCleanup(async () => {
      const net = await attachNetwork(rec, (ref) => this.get(ref), this.o.network);
      this.crashPoint('container-start-network');
      const spec = await containerSpec(rec, this.o.host, net, this.fsys);
      const cached = await this.seccompCache?.apply(spec).catch(() => false);
      await writeFile(join(paths.bundle, 'config.json'), JSON.stringify(spec)); // read by the runtime only: not pretty-printed
      const p = await this.o.tasks.create(rec.id, paths, { terminal: !!rec.config.Tty, stdin: !!rec.config.OpenStdin, stdinOnce: !!rec.config.StdinOnce, logSizeMax: logLimits(rec.hostConfig.LogConfig).maxSize ?? this.o.logSizeMax ?? 10 * 1024 * 1024, name: rec.name });
      if (!cached) await this.seccompCache?.learn(spec, join(this.o.tasks.runtime.root, rec.id)).catch(() => undefined);
      this.crashPoint('container-start-task');
      await this.o.tasks.start(rec.id);
      this.crashPoint('container-started');
      return p;
    }, async () => {
      await this.o.tasks.delete(rec.id, rec.cgroupsPath, true).catch(() => 0);
      await this.o.network?.releaseNetwork(rec.id);
    }, `start container ${rec.id.slice(0, 12)}`).catch(async (err: EngineError) => {
      // As Docker: 127 for a command that is not there, 126 for one that cannot run; the
      // container stays "created" and the caller gets a 400-class error for both.
      const notFound = /not found|no such file/i.test(err.message);
      const denied = /permission denied/i.test(err.message);
      rec.state.error = err.message;
      rec.state.exitCode = notFound ? 127 : denied ? 126 : 128;
      await this.persist(rec);
      if (notFound || denied) throw new EngineError('INVALID_ARGUMENT', err.message, { cause: err });
      throw err;
    });
    rec.state = { ...rec.state, status: 'running', pid, exitCode: 0, oomKilled: false, error: '', startedAt: this.now().toISOString() };
    rec.manualStop = false;
    await this.persist(rec);
    this.watch(rec);
    this.afterStart(rec, true);
  }

  /** Hook: the container runs (fresh start, or found running by `recover`). */
  protected afterStart(_rec: ContainerRecord, _fresh: boolean): void { /* overridden */ }
  /** Hook: the container's process is gone. */
  protected afterStop(_rec: ContainerRecord): void { /* overridden */ }

  protected watch(rec: ContainerRecord): void {
    this.watchers.get(rec.id)?.abort();
    const ac = new AbortController();
    this.watchers.set(rec.id, ac);
    this.o.tasks.waitExit(this.paths(rec), rec.id, ac.signal).then(
      (exit) => this.onExit(rec.id, exit),
      () => undefined, // aborted: close() or a newer watcher
    );
  }

  private async onExit(id: string, exit: TaskExit): Promise<void> {
    const policy = await this.lock.run(id, async () => {
      const rec = this.records.get(id);
      if (!rec || !isActive(rec.state.status)) return undefined;
      await this.finishExit(rec, exit, removesItself(rec));
      if (this.willRestart(rec)) { rec.state.status = 'restarting'; await this.persist(rec); }
      return rec;
    }).catch((err: unknown) => { this.o.log?.(`container ${id}: handling exit: ${(err as Error).message}`); return undefined; });
    if (policy) await this.afterExit(policy);
  }

  /**
   * Records the exit. `removing`: a removal follows at once (AutoRemove, rm -f), and its teardown
   * deletes the task and releases the network after the removal is answered; only the OOM count
   * (lost with the cgroup) is read here, and the record is not written: the removal's journal
   * entry carries the exited state, and recovery would read it again from conmon's exit file.
   */
  protected async finishExit(rec: ContainerRecord, exit: TaskExit, removing = false): Promise<void> {
    this.watchers.get(rec.id)?.abort();
    this.watchers.delete(rec.id);
    this.afterStop(rec);
    if (removing) this.undeleted.add(rec.id);
    const ooms = removing ? await this.o.tasks.oomKills(rec.cgroupsPath).catch(() => 0) : await this.beginTaskDelete(rec);
    const oomKilled = exit.oomKilled || ooms > 0;
    rec.state = { ...rec.state, status: 'exited', pid: 0, exitCode: exit.exitCode, oomKilled, finishedAt: exit.finishedAt.toISOString(), error: exit.error ?? rec.state.error };
    if (!removing) await this.persistExited(rec);
    if (oomKilled) this.emit(rec, 'oom');
    this.emit(rec, 'die', { exitCode: String(exit.exitCode) });
    this.exits.emit(`exit:${rec.id}`, exit.exitCode);
  }

  /** Starts the runtime's delete and the network release after an exit; the OOM count read before. */
  private async beginTaskDelete(rec: ContainerRecord): Promise<number> {
    // The process is gone: the runtime's delete (cgroup, state dir) and the network's release
    // touch nothing in common, so the release runs while the runtime's process does (each
    // ~15-30 ms here). The release goes second: its synchronous netlink calls would otherwise
    // hold the event loop before the runtime is even spawned.
    let released: Promise<unknown> | undefined; // once, also when the runtime's delete fails
    const release = (): Promise<unknown> => (released ??= this.o.network?.releaseNetwork(rec.id)
      .catch((err: Error) => this.o.log?.(`release network of ${rec.id}: ${err.message}`)) ?? Promise.resolve());
    const { ooms, done } = await this.o.tasks.beginDelete(rec.id, rec.cgroupsPath, true, release)
      .catch(() => ({ ooms: 0, done: release().then(() => undefined) }));
    // The exit is reported without waiting for the runtime's process (~15-30 ms here): a new
    // start and a removal wait for it (settled), so nothing sees a half-deleted task.
    const settled = done.catch((err: Error) => this.o.log?.(`delete task of ${rec.id}: ${err.message}`)).finally(() => {
      if (this.deleting.get(rec.id) === settled) this.deleting.delete(rec.id);
    });
    this.deleting.set(rec.id, settled);
    return ooms;
  }

  /** Docker's restart policies: always, unless-stopped, on-failure[:max]; never after a user's stop. */
  protected willRestart(rec: ContainerRecord): boolean {
    if (this.o.restartPolicies === 'external') return false;
    const p = rec.hostConfig.RestartPolicy ?? {};
    return !rec.manualStop && (p.Name === 'always' || p.Name === 'unless-stopped'
      || (p.Name === 'on-failure' && rec.state.exitCode !== 0 && (!p.MaximumRetryCount || rec.restartCount < p.MaximumRetryCount)));
  }

  /** A policy restart, inside the container's lock: RestartCount + 1, back to exited on failure. */
  protected async restartNow(rec: ContainerRecord): Promise<void> {
    rec.restartCount++;
    try {
      await this.startTask(rec);
    } catch (err) {
      rec.state.status = 'exited';
      await this.persist(rec);
      throw err;
    }
    this.emit(rec, 'start');
  }

  /** Restart policy and AutoRemove, as dockerd's restart manager decides after an exit. */
  protected async afterExit(rec: ContainerRecord): Promise<void> {
    try {
      // With an external restart manager, `restarting` is its mark (set while its back-off runs,
      // even from inside the `die` event of this very exit), not a request to restart here.
      if (rec.state.status === 'restarting' && this.o.restartPolicies !== 'external') {
        await this.lock.run(rec.id, async () => {
          if (!this.records.has(rec.id) || rec.state.status !== 'restarting') return;
          if (rec.manualStop) { rec.state.status = 'exited'; await this.persist(rec); return; }
          await this.restartNow(rec);
        });
      } else if (rec.hostConfig.AutoRemove) {
        // `docker run --rm` removes the anonymous volumes too, as `rm -v` would (docker docs).
        await this.remove(rec.id, { force: true, volumes: true });
      }
    } catch (err) {
      this.o.log?.(`container ${rec.id}: after exit: ${(err as Error).message}`);
    }
  }

  protected nextExit(id: string, signal?: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      // Removal also ends the wait (with the last exit code), so no waiter hangs on a gone container.
      const onExit = (code: number): void => { off(); resolve(code); };
      const onAbort = (): void => { off(); reject(signal?.reason); };
      const off = (): void => {
        this.exits.off(`exit:${id}`, onExit);
        this.exits.off(`removed:${id}`, onExit);
        signal?.removeEventListener('abort', onAbort);
      };
      this.exits.once(`exit:${id}`, onExit);
      this.exits.once(`removed:${id}`, onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

}

/** AutoRemove without a restart policy (dockerd refuses the two together): removal follows the exit. */
function removesItself(rec: ContainerRecord): boolean {
  const policy = rec.hostConfig.RestartPolicy?.Name;
  return !!rec.hostConfig.AutoRemove && (!policy || policy === 'no');
}
