// `docker exec -t`: the process gets a pty of the container's own devpts, as runc and crun make
// it when handed a console socket. Node cannot receive the master fd (SCM_RIGHTS), so conmon
// does, in its exec mode, as Podman runs `podman exec -t`: conmon receives the console, relays
// it through its attach socket (bundle/attach), resizes it through bundle/ctl and writes the exit
// code to exitDir/<exec id>. Handshake (conmon's pipes): a first write on the start pipe lets it
// set up; it answers on the attach pipe once the attach socket listens; we connect, then a
// second write on the start pipe makes it run `<runtime> exec`; the sync pipe reports the pid.
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { EngineError } from '../errors';
import type { OciProcess } from '../oci/spec-types';
import type { ProcessLauncher } from '../oci/process-launcher';
import { attachConmon } from './attach';
import { readSync } from './conmon';
import { waitExit } from './exit-status';
import { taskPaths } from './task-paths';
import type { ExecHandle } from './exec';

export interface TtyExecOptions {
  conmonPath: string;
  runtimePath: string;
  runtimeArgs: string[];
  containerId: string;
  execId: string;
  proc: OciProcess;
  /** The container's exec directory; this exec's bundle is a folder of it. */
  workDir: string;
}

function conmonExecArgs(o: TtyExecOptions, dir: string, spec: string): string[] {
  const p = taskPaths(dir);
  const args = [
    '--api-version', '1', '-c', o.containerId, '-u', o.execId, '-n', o.execId, '-r', o.runtimePath,
    '-b', dir, '-p', p.pidFile, '-l', `k8s-file:${p.logPath}`, '--exit-dir', p.exitDir,
    '--socket-dir-path', p.socketDir, '-P', p.conmonPidFile, '-0', p.persistDir, '--log-level', 'warning',
    '-e', '--exec-process-spec', spec, '--exec-attach', '-t', '-i', '--full-attach',
  ];
  for (const a of o.runtimeArgs) args.push('--runtime-arg', a);
  return args;
}

/** Starts the exec under conmon with a TTY; the handle's stdout is the pty (stderr is empty, as Docker's). */
export async function startTtyExec(o: TtyExecOptions, launcher: ProcessLauncher): Promise<ExecHandle> {
  const dir = join(o.workDir, o.execId);
  const p = taskPaths(dir);
  await Promise.all([p.exitDir, p.persistDir, p.socketDir].map((d) => mkdir(d, { recursive: true })));
  const spec = join(dir, 'process.json');
  await writeFile(spec, JSON.stringify({ ...o.proc, terminal: true }));
  const errPath = join(dir, 'conmon.err');
  const errFile = await open(errPath, 'w');
  const conmonErr = (): Promise<string> => readFile(errPath, 'utf8').catch(() => '');
  let pipes: Socket[];
  try {
    const child = await launcher.launch(o.conmonPath, {
      args: conmonExecArgs(o, dir, spec), stdio: ['ignore', 'ignore', errFile.fd, 'pipe', 'pipe-in', 'pipe'],
      env: { ...process.env, _OCI_SYNCPIPE: '3', _OCI_STARTPIPE: '4', _OCI_ATTACHPIPE: '5' }, cwd: dir, setsid: true,
    });
    void child.exited;
    pipes = child.stdio.slice(3, 6) as Socket[];
  } finally {
    await errFile.close();
  }
  const [sync, start, attachPipe] = pipes as [Socket, Socket, Socket];
  start.on('error', () => undefined);
  start.write(Buffer.from([0]));
  await readSync(attachPipe, conmonErr);
  const streams = attachConmon(dir);
  start.end(Buffer.from([0]));
  const pid = await readSync(sync, conmonErr).catch(async (err: unknown) => {
    streams.close();
    throw new EngineError('FAILED_PRECONDITION', `exec: ${(err as Error).message}`, { cause: err });
  });
  return handleFor(pid, dir, o.containerId, streams);
}

function handleFor(pid: number, dir: string, containerId: string, streams: ReturnType<typeof attachConmon>): ExecHandle {
  let ended = false;
  // conmon names the exit file after the container (-c), not the exec session (-u)
  const exited = waitExit(taskPaths(dir), containerId).then((e) => {
    ended = true;
    // the pty's last bytes are relayed before conmon writes the exit file; the socket then closes
    setTimeout(() => { streams.close(); void rm(dir, { recursive: true, force: true }); }, 100);
    return e.exitCode;
  });
  streams.stderr.end();
  return {
    pid, stdin: streams.stdin, stdout: streams.stdout, stderr: streams.stderr, exited,
    kill: (s = 'SIGKILL') => { if (!ended) { try { process.kill(pid, s); } catch { /* already gone */ } } },
    resize: (height, width) => resizePty(dir, height, width),
  };
}

/** conmon's control FIFO: `1 <height> <width>` resizes the pty it holds (as for a container). */
export async function resizePty(dir: string, height: number, width: number): Promise<void> {
  const { constants } = await import('node:fs');
  const fh = await open(join(dir, 'ctl'), constants.O_WRONLY | constants.O_NONBLOCK).catch((err: Error) => {
    throw new EngineError('UNAVAILABLE', 'resize: exec monitor not reachable', { cause: err });
  });
  try { await fh.write(`1 ${Math.trunc(height)} ${Math.trunc(width)}\n`); } finally { await fh.close(); }
}
