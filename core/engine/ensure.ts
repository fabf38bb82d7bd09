// The embedded engine: when nothing answers on the socket, start berthd detached (its stdio to a
// log file under the root) and wait for `_ping`. DESIGN.md: "the CLI starts berthd itself when no
// engine answers, and stops nothing it did not start".
//
// No probe before the command: ensureEngine hands back a client whose first request that finds
// no engine (socket missing or refusing) starts one and is sent again (Transport). With the engine
// up, a command's first round trip is its own first request.
import { join } from 'node:path';
import { CoreError } from '../errors';
import { EngineClient } from './client';
import type { EngineConfig } from './config';
import { alive, readEnginePid } from './pid';

export { alive };

export interface EnsureOptions {
  config: EngineConfig;
  /** argv that runs the daemon, e.g. [node, bin/berth, 'engine', 'daemon', '--root', R, '--host', S]. */
  daemonArgv: string[];
  /** The daemon's environment (default: this process's). */
  daemonEnv?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface EnsuredEngine {
  /** Starts the engine on its first request if none is there. */
  client: EngineClient;
  /** The pid of the daemon the client started; undefined until (and unless) it had to. */
  startedPid(): number | undefined;
}

export function daemonLogPath(root: string): string {
  return join(root, 'berthd.log');
}

export function ensureEngine(opts: EnsureOptions): EnsuredEngine {
  let pid: number | undefined;
  const client = new EngineClient(opts.config.socketPath, async () => { pid = await startEngine(opts); });
  return { client, startedPid: () => pid };
}

/** Spawns the daemon and waits until it answers `_ping`; resolves with its pid. */
export async function startEngine(opts: EnsureOptions): Promise<number> {
  // Loaded here, not at the top: only a command that finds no engine needs them, and every
  // command's start-up would otherwise pay for node:child_process (and dgram, which it loads).
  const { setTimeout: delay } = await import('node:timers/promises');
  const pid = await spawnDaemon(opts);
  // Its own plain client: a ping through the starting client would try to start it again.
  const client = new EngineClient(opts.config.socketPath);
  try {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (let wait = 5; Date.now() < deadline; wait = Math.min(wait * 2, 100)) {
      await delay(wait);
      if (await answers(client)) return pid;
      if (!alive(pid) && !(await answers(client)) && !(await anotherStarting(opts.config.root, pid))) break;
    }
  } finally {
    client.close();
  }
  const log = await tail(daemonLogPath(opts.config.root));
  throw new CoreError('UNAVAILABLE', `the engine did not start on ${opts.config.socketPath}${log ? `:\n${log}` : ''}`);
}

/**
 * Whether another engine holds the root: commands started side by side on a stopped engine each
 * start one, one claims the root and the others exit ("already runs"); theirs wait for it.
 */
async function anotherStarting(root: string, ours: number): Promise<boolean> {
  const other = await readEnginePid(root);
  return other !== undefined && other !== ours;
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
  const [{ spawn }, { mkdir, open }] = await Promise.all([import('node:child_process'), import('node:fs/promises')]);
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


async function tail(path: string, lines = 15): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
