// Runs an extra process in a running container (docker exec). Without a TTY: `<runtime> exec
// --process spec.json` with pipes for stdin/stdout/stderr. With a TTY the task manager uses
// exec-tty.ts (a pty of the container's own devpts, through conmon); the util-linux `script`
// path below (a host pty) remains only for a caller that asks this function for a terminal.
import type { Socket } from 'node:net';
import { writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { OciProcess } from '../oci/spec-types';
import type { OciRuntimeCli } from '../oci/runtime-cli';
import { exitStatus, type LaunchedProcess, type ProcessLauncher } from '../oci/process-launcher';

export interface ExecHandle {
  pid: number;
  stdin: Writable;
  stdout: Readable;
  /** Empty (and ended) with a TTY: a pty merges both streams, as Docker's exec with Tty. */
  stderr: Readable;
  /** Exit code of the process (126/127 when it could not be started, as Docker reports). */
  exited: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
  /** With a TTY: sets the pty's size (POST /exec/{id}/resize). */
  resize?(height: number, width: number): Promise<void>;
}

/** POSIX single-quoting for the `script -c` command line. */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export async function startExec(runtime: OciRuntimeCli, containerId: string, execId: string, proc: OciProcess, workDir: string, launcher: ProcessLauncher): Promise<ExecHandle> {
  await mkdir(workDir, { recursive: true });
  const specFile = join(workDir, `${execId}.json`);
  const tty = !!proc.terminal;
  // The process runs on script's pty: the runtime itself must not try to allocate a terminal.
  await writeFile(specFile, JSON.stringify({ ...proc, terminal: false }));
  const runtimeArgs = [...runtime.globalArgs(), 'exec', '--process', specFile, containerId];
  const [file, args] = tty
    ? ['script', ['-q', '-e', '-f', '-c', shellQuote([runtime.path, ...runtimeArgs]), '/dev/null']]
    : [runtime.path, runtimeArgs];
  let child: LaunchedProcess;
  try {
    child = await launcher.launch(file, { args, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch {
    // Docker reports 126 when the exec's process cannot be started at all.
    void rm(specFile, { force: true });
    return notStarted();
  }
  const [stdin, stdout, stderr] = child.stdio as [Socket, Socket, Socket];
  let reaped = false;
  // As child_process's 'close': the code once the process ended and its output was drained.
  const exited = Promise.all([child.exited, closed(stdout), closed(stderr)]).then(([e]) => {
    reaped = true;
    void rm(specFile, { force: true });
    return exitStatus(e);
  });
  stdin.on('error', () => undefined);
  if (tty) stderr.resume();
  return {
    pid: child.pid, stdin, stdout, stderr, exited,
    // Never after the reap: the pid may belong to another process by then.
    kill: (s = 'SIGKILL') => { if (!reaped) { try { process.kill(child.pid, s); } catch { /* already gone */ } } },
  };
}

function closed(s: Socket): Promise<void> {
  return new Promise((resolve) => { s.on('error', () => undefined); s.once('close', () => { resolve(); }); });
}

function notStarted(): ExecHandle {
  const ended = (): PassThrough => { const p = new PassThrough(); p.end(); return p; };
  return { pid: -1, stdin: new PassThrough(), stdout: ended(), stderr: ended(), exited: Promise.resolve(126), kill: () => undefined };
}
