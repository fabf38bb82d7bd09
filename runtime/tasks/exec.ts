// Runs an extra process in a running container (docker exec). Without a TTY: `<runtime> exec
// --process spec.json` with pipes for stdin/stdout/stderr. With a TTY: the same under util-linux
// `script`, which owns a pty whose slave becomes the process's stdio; Node cannot receive the
// pty master fd that `--console-socket` would hand over (no SCM_RIGHTS), so this is our way.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { OciProcess } from '../oci/spec-types';
import type { OciRuntimeCli } from '../oci/runtime-cli';

export interface ExecHandle {
  pid: number;
  stdin: Writable;
  stdout: Readable;
  /** Empty (and ended) with a TTY: a pty merges both streams, as Docker's exec with Tty. */
  stderr: Readable;
  /** Exit code of the process (126/127 when it could not be started, as Docker reports). */
  exited: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
}

/** POSIX single-quoting for the `script -c` command line. */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export async function startExec(runtime: OciRuntimeCli, containerId: string, execId: string, proc: OciProcess, workDir: string): Promise<ExecHandle> {
  await mkdir(workDir, { recursive: true });
  const specFile = join(workDir, `${execId}.json`);
  const tty = !!proc.terminal;
  // The process runs on script's pty: the runtime itself must not try to allocate a terminal.
  await writeFile(specFile, JSON.stringify({ ...proc, terminal: false }));
  const runtimeArgs = [...runtime.globalArgs(), 'exec', '--process', specFile, containerId];
  const child: ChildProcess = tty
    ? spawn('script', ['-q', '-e', '-f', '-c', shellQuote([runtime.path, ...runtimeArgs]), '/dev/null'], { stdio: 'pipe' })
    : spawn(runtime.path, runtimeArgs, { stdio: 'pipe' });
  const exited = new Promise<number>((resolve) => {
    child.on('error', () => resolve(126));
    child.on('close', (code, sig) => {
      void rm(specFile, { force: true });
      resolve(code ?? (sig ? 128 + (signalNumber(sig) ?? 9) : 1));
    });
  });
  if (tty) child.stderr?.resume();
  return {
    pid: child.pid ?? -1,
    stdin: child.stdin as Writable,
    stdout: child.stdout as Readable,
    stderr: child.stderr as Readable,
    exited,
    kill: (s = 'SIGKILL') => { child.kill(s); },
  };
}

function signalNumber(sig: string): number | undefined {
  const map: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13 };
  return map[sig];
}
