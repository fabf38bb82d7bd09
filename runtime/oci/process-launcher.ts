// Starts host processes for the engine (the OCI runtime, conmon) with posix_spawn, and reaps them
// without blocking the event loop or parking a libuv pool thread: libuv waitpid()s only the pids
// it spawned itself, so ours are collected with waitpid(pid, WNOHANG) on each SIGCHLD (one cheap
// syscall per child still running), with a slow poll as a safety net. Falls back to
// child_process.spawn where koffi or posix_spawn is unavailable.
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { constants as osConstants } from 'node:os';
import { EngineError } from '../errors';
import { libcSpawn, WNOHANG, type LibcSpawn } from './libc-spawn';
import { posixSpawn, type StdioSpec } from './posix-spawn-call';

export type { StdioSpec } from './posix-spawn-call';

export interface LaunchOptions {
  /** Arguments after argv[0] (argv[0] is `file`), as child_process.spawn takes them. */
  args: string[];
  /** The whole environment (default: the engine's own). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Index = the child's fd: 'pipe' (a socket on our side), 'ignore' (/dev/null) or one of our fds. Default ['ignore', 'pipe', 'pipe']. */
  stdio?: StdioSpec[];
  /** A new session (setsid), for a monitor that must outlive us, as `detached` does. */
  setsid?: boolean;
}

export interface ProcessExit {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: number | null;
}

export interface LaunchedProcess {
  pid: number;
  /** Our end of each 'pipe' entry of `stdio` (the others undefined). */
  stdio: (Socket | undefined)[];
  exited: Promise<ProcessExit>;
}

/** The conventional status of an exit: the code, or 128+n for signal n (as shells and Docker report). */
export function exitStatus(e: ProcessExit): number {
  return e.code ?? 128 + (e.signal ?? 0);
}

export class ProcessLauncher {
  private readonly waiting = new Map<number, (e: ProcessExit) => void>();
  private readonly onSigchld = (): void => { this.reap(); };
  private poll: NodeJS.Timeout | undefined;

  /** `libc` null forces the child_process fallback (tests use it). */
  constructor(private readonly libc: LibcSpawn | null = libcSpawn(), private readonly pollMs = 250) {}

  get usesPosixSpawn(): boolean { return this.libc !== null; }

  /** Rejects (NOT_FOUND, INVALID_ARGUMENT...) when the process could not be started. */
  async launch(file: string, o: LaunchOptions): Promise<LaunchedProcess> {
    if (!this.libc) return launchWithNode(file, o);
    const stdio = o.stdio ?? ['ignore', 'pipe', 'pipe'];
    const { pid, parentFds } = posixSpawn(this.libc, file, { ...o, stdio });
    const exited = new Promise<ProcessExit>((resolve) => { this.watch(pid, resolve); });
    const ours = (i: number): 'write' | 'read' => (i === 0 || stdio[i] === 'pipe-in' ? 'write' : 'read');
    const sockets = parentFds.map((fd, i) => (fd === undefined ? undefined : new Socket({ fd, readable: ours(i) === 'read', writable: ours(i) === 'write' })));
    return { pid, stdio: sockets, exited };
  }

  private watch(pid: number, resolve: (e: ProcessExit) => void): void {
    this.waiting.set(pid, resolve);
    if (this.waiting.size === 1) {
      process.on('SIGCHLD', this.onSigchld);
      // Ref'd: a child we still have to reap keeps the engine's loop alive, as libuv's process
      // handle does for child_process (SIGCHLD listeners alone do not).
      this.poll = setInterval(() => { this.reap(); }, this.pollMs);
    }
    // The child may have exited before the listener was in place.
    setImmediate(() => { this.reap(); });
  }

  private reap(): void {
    const libc = this.libc as LibcSpawn;
    for (const [pid, resolve] of this.waiting) {
      const status = [0];
      const r = libc.waitpid(pid, status, WNOHANG);
      if (r === 0) continue;
      this.waiting.delete(pid);
      // r < 0 (ECHILD): someone else reaped it; nothing more can be known.
      resolve(r < 0 ? { code: null, signal: null } : decodeStatus(status[0] as number));
    }
    if (this.waiting.size === 0 && this.poll) {
      process.off('SIGCHLD', this.onSigchld);
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }
}

/** <sys/wait.h>: WIFEXITED / WEXITSTATUS / WTERMSIG. */
export function decodeStatus(status: number): ProcessExit {
  const sig = status & 0x7f;
  return sig === 0 ? { code: (status >> 8) & 0xff, signal: null } : { code: null, signal: sig };
}

/** The same contract through child_process.spawn (fork of the engine: slower, always there). */
async function launchWithNode(file: string, o: LaunchOptions): Promise<LaunchedProcess> {
  const child = spawn(file, o.args, {
    stdio: (o.stdio ?? ['ignore', 'pipe', 'pipe']).map((s) => (s === 'pipe-in' ? 'pipe' : s)), env: o.env ?? process.env, cwd: o.cwd, detached: !!o.setsid,
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.on('exit', (code, sig) => { resolve({ code, signal: sig ? signalNumberOf(sig) : null }); });
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(new EngineError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'UNAVAILABLE', `spawn ${file}: ${err.code ?? err.message}`, { cause: err }));
    });
  });
  return { pid: child.pid ?? -1, stdio: child.stdio.map((s) => (s instanceof Socket ? s : undefined)), exited };
}

function signalNumberOf(sig: NodeJS.Signals): number {
  return (osConstants.signals as Record<string, number>)[sig] ?? 0;
}
