// Live processes of containers: create (through conmon), start, signal, pause, delete, exec,
// stats, top. A task is not a container record: it knows nothing of names, images or states
// beyond what the runtime and conmon report (as containerd splits containers from tasks).
import { readFile } from 'node:fs/promises';
import { EngineError } from '../errors';
import type { OciRuntimeCli, RuntimeState } from '../oci/runtime-cli';
import type { OciProcess } from '../oci/spec-types';
import type { RunCommand } from '../oci/run-command';
import { ProcessLauncher } from '../oci/process-launcher';
import { startConmon } from './conmon';
import type { TaskPaths } from './task-paths';
import { clearExit, readExit, waitExit, type TaskExit } from './exit-status';
import { identify, monitorRuns, readMonitor, readMonitorPid, type MonitorIdentity } from './monitor';
import { cgroupReader, oomKillCount } from './cgroups';
import { sampleStats, type StatsSample } from './stats';
import { top, type TopResult } from './top';
import { startExec, type ExecHandle } from './exec';
import { startTtyExec } from './exec-tty';
import { attachConmon, type AttachStreams } from './attach';

export interface TaskManagerOptions {
  runtime: OciRuntimeCli;
  conmonPath?: string;
  run: RunCommand;
  /** Starts conmon and exec'd processes (default: a posix_spawn launcher of its own). */
  launcher?: ProcessLauncher;
  now?: () => Date;
  cgroupRoot?: string;
}

export interface CreateTaskOptions {
  terminal?: boolean;
  stdin?: boolean;
  stdinOnce?: boolean;
  logSizeMax?: number;
  name?: string;
}

export class TaskManager {
  readonly runtime: OciRuntimeCli;
  private readonly conmonPath: string;
  private readonly now: () => Date;
  private readonly launcher: ProcessLauncher;

  constructor(private readonly opts: TaskManagerOptions) {
    this.runtime = opts.runtime;
    this.conmonPath = opts.conmonPath ?? '/usr/bin/conmon';
    this.now = opts.now ?? (() => new Date());
    this.launcher = opts.launcher ?? new ProcessLauncher();
  }

  /** `runtime create` under conmon; the bundle's config.json must be written. Returns the init pid. */
  async create(id: string, paths: TaskPaths, o: CreateTaskOptions = {}): Promise<number> {
    return startConmon({
      conmonPath: this.conmonPath, runtimePath: this.runtime.path, runtimeArgs: this.runtime.globalArgs(),
      id, name: o.name, paths, terminal: o.terminal, stdin: o.stdin, stdinOnce: o.stdinOnce, logSizeMax: o.logSizeMax,
    }, this.launcher);
  }

  start(id: string): Promise<void> { return this.runtime.start(id); }
  pause(id: string): Promise<void> { return this.runtime.pause(id); }
  resume(id: string): Promise<void> { return this.runtime.resume(id); }
  state(id: string): Promise<RuntimeState | undefined> { return this.runtime.state(id); }

  async kill(id: string, signal: string, all = false): Promise<void> {
    await this.runtime.kill(id, signal, all);
  }

  /**
   * Removes the runtime's record (and with it the cgroup). Returns the OOM-kill count read from
   * the cgroup first, since the cgroup is gone afterwards. Nothing to do (0) when the runtime holds
   * no state for `id`: an exit already deleted it, so `rm` after an exit (every `run --rm`) spawns
   * no second `crun delete`. `alongside` runs in either case.
   */
  async delete(id: string, cgroupsPath: string, force = false, alongside?: () => Promise<unknown>): Promise<number> {
    const d = await this.beginDelete(id, cgroupsPath, force, alongside);
    await d.done;
    return d.ooms;
  }

  /**
   * `delete` in two steps: resolves once the OOM count is read and the runtime's process spawned;
   * `done` settles when it (and `alongside`) finished. The caller may report the exit meanwhile.
   */
  async beginDelete(id: string, cgroupsPath: string, force = false, alongside?: () => Promise<unknown>): Promise<{ ooms: number; done: Promise<void> }> {
    if (!(await this.runtime.knows(id))) return { ooms: 0, done: Promise.resolve(alongside?.()).then(() => undefined) };
    const ooms = await this.oomKills(cgroupsPath);
    // The runtime's process is spawned by this call; `alongside` (work that needs no runtime,
    // e.g. the network's release, partly synchronous) then runs while that process does.
    const deleting = this.runtime.delete(id, force);
    const other = alongside?.();
    return { ooms, done: Promise.all([deleting, other]).then(() => undefined) };
  }

  async oomKills(cgroupsPath: string): Promise<number> {
    return oomKillCount(await cgroupReader(cgroupsPath, this.opts.cgroupRoot));
  }

  readExit(paths: TaskPaths, id: string): Promise<TaskExit | undefined> { return readExit(paths, id); }

  /**
   * The task's exit, from conmon's exit file; or, when conmon died without writing one, an exit
   * of status 255 (as dockerd reports a container it lost) once the container's processes were
   * killed, so nothing keeps running unwatched and stop/kill/rm end.
   */
  async waitExit(paths: TaskPaths, id: string, signal?: AbortSignal): Promise<TaskExit> {
    let monitor: MonitorIdentity | undefined;
    const gone = async (): Promise<boolean> => {
      if (monitor) return !(await monitorRuns(monitor));
      // Identified once its pid file is there (conmon writes it while it starts the container).
      const pid = await readMonitorPid(paths.conmonPidFile);
      if (pid === undefined) return false;
      monitor = await identify(pid, id);
      return monitor === undefined;
    };
    const exit = await waitExit(paths, id, signal, 200, gone);
    if (exit.error) await this.runtime.kill(id, 'SIGKILL', true).catch(() => undefined);
    return exit;
  }

  clearExit(paths: TaskPaths, id: string): Promise<void> { return clearExit(paths, id); }

  /** Waits (bounded) until the task's monitor has exited; true when it has. */
  async monitorGone(paths: TaskPaths, id: string, timeoutMs: number): Promise<boolean> {
    const m = await readMonitor(paths.conmonPidFile, id);
    const deadline = Date.now() + timeoutMs;
    while (m && (await monitorRuns(m))) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  /** The pid conmon wrote for the container's init, or undefined. */
  async initPid(paths: TaskPaths): Promise<number | undefined> {
    const t = await readFile(paths.pidFile, 'utf8').catch(() => '');
    return t.trim() ? Number(t.trim()) : undefined;
  }

  /** Whether the container's monitor still runs: the process in its pid file, naming the container. */
  async monitorAlive(paths: TaskPaths, id: string): Promise<boolean> {
    return (await readMonitor(paths.conmonPidFile, id)) !== undefined;
  }

  async stats(cgroupsPath: string): Promise<StatsSample> {
    return sampleStats(await cgroupReader(cgroupsPath, this.opts.cgroupRoot), this.now);
  }

  async top(id: string, psArgs = '-ef'): Promise<TopResult> {
    const pids = await this.runtime.ps(id);
    return top(pids, psArgs, this.opts.run);
  }

  /** Live stdio of the container's main process through its conmon. */
  attach(paths: TaskPaths): AttachStreams {
    return attachConmon(paths.bundle);
  }

  async exec(id: string, execId: string, proc: OciProcess, workDir: string): Promise<ExecHandle> {
    const st = await this.runtime.state(id);
    if (!st || st.status !== 'running') throw new EngineError('CONFLICT', `container ${id} is not running`);
    if (proc.terminal) {
      return startTtyExec({ conmonPath: this.conmonPath, runtimePath: this.runtime.path, runtimeArgs: this.runtime.globalArgs(), containerId: id, execId, proc, workDir }, this.launcher);
    }
    return startExec(this.runtime, id, execId, proc, workDir, this.launcher);
  }
}
