// The OCI runtime command line (crun and runc share it): state, start, kill, delete, pause,
// resume, ps, exec. `root` keeps Berth's containers apart from any other user of the runtime.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../errors';
import type { RunCommand } from './run-command';
import { libcSpawn, type LibcSpawn } from './libc-spawn';
import { startThroughExecFifo } from './exec-fifo';
import { readInitProcess, signalNumber, signalVerified } from './init-signal';

export interface RuntimeState {
  id: string;
  pid: number;
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  bundle: string;
}

export class OciRuntimeCli {
  constructor(
    readonly name: 'crun' | 'runc',
    readonly path: string,
    readonly root: string,
    private readonly run: RunCommand,
    /** Enables the in-process shortcuts (kill through a pidfd, crun start through its fifo); null: every verb through the runtime. */
    private readonly libc: LibcSpawn | null = libcSpawn(),
  ) {}

  /** Arguments conmon passes to the runtime (`--runtime-arg`). */
  globalArgs(): string[] {
    return [`--root=${this.root}`];
  }

  private async call(args: string[], what: string): Promise<string> {
    const r = await this.run(this.path, [...this.globalArgs(), ...args]);
    if (r.code !== 0) {
      const msg = r.stderr.trim() || r.stdout.trim() || `exit ${r.code}`;
      const code = /does not exist|not found|No such file/i.test(msg) ? 'NOT_FOUND' : 'FAILED_PRECONDITION';
      throw new EngineError(code, `${this.name} ${what}: ${msg}`);
    }
    return r.stdout;
  }

  /** The runtime's view, or undefined when it does not know the container. */
  async state(id: string): Promise<RuntimeState | undefined> {
    try {
      return JSON.parse(await this.call(['state', id], 'state')) as RuntimeState;
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  /** crun's start is done in-process when it can be (exec-fifo.ts): one runtime process less per run. */
  async start(id: string): Promise<void> {
    if (this.name === 'crun' && this.libc && (await startThroughExecFifo(join(this.root, id)))) return;
    await this.call(['start', id], 'start');
  }
  async pause(id: string): Promise<void> { await this.call(['pause', id], 'pause'); }
  async resume(id: string): Promise<void> { await this.call(['resume', id], 'resume'); }

  /**
   * Signals the init process (or all processes with `all`, as runc kill --all). The init alone is
   * signalled without a process when its pid is verified (init-signal.ts); `--all` needs the
   * runtime (it walks the cgroup), and any doubt falls back to it.
   */
  async kill(id: string, signal: string, all = false): Promise<void> {
    if (!all && (await this.signalInit(id, signal))) return;
    await this.call(['kill', ...(all ? ['--all'] : []), id, signal], 'kill');
  }

  /** True when `signal` reached the init process `<runtime> kill` would have signalled. */
  async signalInit(id: string, signal: string): Promise<boolean> {
    const signo = signalNumber(signal);
    if (!this.libc || signo === undefined) return false;
    const init = await readInitProcess(this.root, id, this.name);
    return init ? signalVerified(this.libc, init, signo) : false;
  }

  /**
   * Whether the runtime keeps a state directory for `id` (crun and runc both hold one at
   * <root>/<id> from `create` until `delete`). A stat, where `state` costs a process (~15 ms here).
   */
  async knows(id: string): Promise<boolean> {
    return access(join(this.root, id)).then(() => true, () => false);
  }

  async delete(id: string, force = false): Promise<void> {
    try {
      await this.call(['delete', ...(force ? ['--force'] : []), id], 'delete');
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND') return;
      throw err;
    }
  }

  /** Host pids of every process in the container. */
  async ps(id: string): Promise<number[]> {
    const out = await this.call(['ps', '--format', 'json', id], 'ps');
    return (JSON.parse(out || '[]') as number[] | null) ?? [];
  }
}
