// The embedded engine: when nothing answers on the socket, start berthd detached (its stdio to a
// log file under the root) and wait for `_ping`. DESIGN.md: "the CLI starts berthd itself when no
// engine answers, and stops nothing it did not start".
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CoreError } from '../errors';
import { EngineClient } from './client';
import type { EngineConfig } from './config';

export interface EnsureOptions {
  config: EngineConfig;
  /** argv that runs the daemon, e.g. [node, bin/berth, 'engine', 'daemon', '--root', R, '--host', S]. */
  daemonArgv: string[];
  /** The daemon's environment (default: this process's). */
  daemonEnv?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface EnsuredEngine {
  client: EngineClient;
  /** The pid of the daemon this call started; undefined when one was already answering. */
  startedPid?: number;
}

export function daemonLogPath(root: string): string {
  return join(root, 'berthd.log');
}

export async function ensureEngine(opts: EnsureOptions): Promise<EnsuredEngine> {
  const client = new EngineClient(opts.config.socketPath);
  // A listener on the socket is taken as the engine: the command's first request says otherwise
  // if it is not. A connect costs ~0.3 ms where `_ping` costs an HTTP round trip (3-5 ms on this
  // loaded host) on every command.
  if (await listening(opts.config.socketPath)) return { client };
  const pid = await spawnDaemon(opts);
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (let wait = 5; Date.now() < deadline; wait = Math.min(wait * 2, 100)) {
    await delay(wait);
    if (await answers(client)) return { client, startedPid: pid };
    if (!alive(pid) && !(await answers(client))) break;
  }
  client.close();
  const log = await tail(daemonLogPath(opts.config.root));
  throw new CoreError('UNAVAILABLE', `the engine did not start on ${opts.config.socketPath}${log ? `:\n${log}` : ''}`);
}

/** Whether something accepts connections on the unix socket (the probe is closed at once). */
export function listening(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ path: socketPath });
    const done = (ok: boolean): void => { sock.destroy(); resolve(ok); };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

async function answers(client: EngineClient): Promise<boolean> {
  try {
    await client.ping(AbortSignal.timeout(2000));
    return true;
  } catch {
    return false;
  }
}

async function spawnDaemon(opts: EnsureOptions): Promise<number> {
  await mkdir(opts.config.root, { recursive: true, mode: 0o711 });
  const log = await open(daemonLogPath(opts.config.root), 'a', 0o600);
  try {
    const [cmd, ...args] = opts.daemonArgv;
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log.fd, log.fd], env: opts.daemonEnv ?? process.env });
    child.unref();
    if (child.pid === undefined) throw new CoreError('UNAVAILABLE', `could not start the engine: ${cmd}`);
    return child.pid;
  } finally {
    await log.close();
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tail(path: string, lines = 15): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
