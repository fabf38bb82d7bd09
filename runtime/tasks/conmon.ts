// Starts a container's monitor: Debian's conmon, called as Podman calls it. conmon runs
// `<runtime> create`, reports the container pid on the sync pipe, then stays (double-forked,
// reparented away from us) owning stdio: it writes the k8s-file log with timestamps, rotates it at
// --log-size-max, and writes the exit code to exitDir/<id>. So a container outlives berthd.
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { EngineError } from '../errors';
import type { ProcessLauncher } from '../oci/process-launcher';
import type { TaskPaths } from './task-paths';

export interface ConmonOptions {
  conmonPath: string;
  runtimePath: string;
  runtimeArgs: string[];
  id: string;
  name?: string;
  paths: TaskPaths;
  terminal?: boolean;
  /** Keep a stdin pipe open for attach (Docker's OpenStdin). */
  stdin?: boolean;
  /** Close the container's stdin when the first attached client leaves (Docker's StdinOnce). */
  stdinOnce?: boolean;
  /** Rotate the log past this size (bytes); conmon truncates to a fresh file, as Podman's k8s-file. */
  logSizeMax?: number;
}

export function conmonArgs(o: ConmonOptions): string[] {
  const args = [
    '--api-version', '1', '-c', o.id, '-u', o.id, '-n', o.name ?? o.id,
    '-r', o.runtimePath, '-b', o.paths.bundle, '-p', o.paths.pidFile,
    '-l', `k8s-file:${o.paths.logPath}`, '--exit-dir', o.paths.exitDir,
    '--socket-dir-path', o.paths.socketDir, '--full-attach',
    '-P', o.paths.conmonPidFile, '-0', o.paths.persistDir, '--log-level', 'warning',
  ];
  if (o.logSizeMax && o.logSizeMax > 0) args.push('--log-size-max', String(o.logSizeMax));
  if (o.terminal) args.push('-t');
  if (o.stdin) args.push('-i', ...(o.stdinOnce ? [] : ['--leave-stdin-open']));
  for (const a of o.runtimeArgs) args.push('--runtime-arg', a);
  return args;
}

/** Reads conmon's sync pipe until it reports `{"data": pid}` (negative = failure, with message). */
export function readSync(stream: Readable, stderr: () => Promise<string>): Promise<number> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let settled = false;
    const done = (err?: Error, pid?: number): void => {
      if (settled) return;
      settled = true;
      stream.removeAllListeners(); stream.on('error', () => undefined); stream.destroy();
      if (err) reject(err); else resolve(pid as number);
    };
    // conmon's stderr file is read only on failure, once it has written its reason there.
    const fail = (msg: (err: string) => string): void => { void stderr().then((e) => { done(new EngineError('FAILED_PRECONDITION', msg(e))); }); };
    stream.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      for (const line of buf.split('\n')) {
        if (!line.trim()) continue;
        let msg: { data?: number; message?: string };
        try { msg = JSON.parse(line) as typeof msg; } catch { continue; }
        if (typeof msg.data !== 'number') continue;
        if (msg.data < 0) fail((e) => `runtime create failed: ${msg.message ?? (e || 'unknown error')}`.trim());
        else done(undefined, msg.data);
        return;
      }
    });
    stream.on('end', () => { fail((e) => `conmon exited before reporting a pid${buf ? `: ${buf.trim()}` : ''}${e ? `: ${e}` : ''}`); });
    stream.on('error', (e) => { done(new EngineError('INTERNAL', 'conmon sync pipe', { cause: e })); });
  });
}

/**
 * Spawns conmon (posix_spawn, in its own session) and resolves with the container's init pid once
 * `runtime create` succeeded. conmon's first process exits at once (it double-forks); the
 * launcher reaps it.
 */
export async function startConmon(o: ConmonOptions, launcher: ProcessLauncher): Promise<number> {
  await Promise.all([o.paths.exitDir, o.paths.persistDir, o.paths.socketDir].map((d) => mkdir(d, { recursive: true })));
  // conmon's own stderr goes to a file, not a pipe: the daemonized conmon outlives us and must
  // never write into a pipe nobody reads.
  const errPath = join(o.paths.bundle, 'conmon.err');
  const errFile = await open(errPath, 'w');
  try {
    const child = await launcher.launch(o.conmonPath, {
      args: conmonArgs(o),
      // fd 3 is the sync pipe; conmon finds it through _OCI_SYNCPIPE, as Podman passes it.
      stdio: ['ignore', 'ignore', errFile.fd, 'pipe'],
      env: { ...process.env, _OCI_SYNCPIPE: '3' },
      // conmon 2.1 also drops an `oom` marker in its working directory on an OOM kill: keep it
      // in the bundle rather than wherever the engine was started (it landed in the repo root).
      cwd: o.paths.bundle,
      setsid: true,
    });
    void child.exited;
    const sync = child.stdio[3] as Readable;
    return await readSync(sync, () => readFile(errPath, 'utf8').then(cleanConmonErr, () => ''));
  } finally {
    await errFile.close();
  }
}

/** conmon's stderr less a warning it always prints here (root lacks CAP_SYS_RESOURCE). */
function cleanConmonErr(text: string): string {
  return text.split('\n').filter((l) => l.trim() && !l.includes('oom_score_adj')).join('\n');
}
