// `berth engine start|stop|status|reset|daemon`: manage the embedded engine (berthd).
import { ensureEngine, readEnginePid, stopEngineProcess, EngineClient, daemonLogPath } from '../../core/engine/index';
import { daemonArgv, daemonEnv, engineConfigFrom } from './engine-connect';
import type { CommandContext } from '../context';
import { nounCommand, type SubcommandLoader } from './noun';

export const help = {
  usage: 'berth engine COMMAND',
  summary: 'Manage the embedded engine (berthd)',
  flags: [['--root string', 'Engine state root (default /var/lib/berth, or BERTH_ROOT)'], ['-H, --host string', 'Engine socket, unix:///PATH (or BERTH_HOST)']],
  subcommands: [
    ['start', 'Start the engine if it is not running'],
    ['stop', 'Stop the engine this root runs (containers keep running)'],
    ['status', 'Say whether the engine answers, with its pid, socket and version'],
    ['reset', 'Remove every container, image, network and volume, then the state root (needs --force)'],
    ['daemon', 'Run the engine in the foreground'],
  ],
} as const;

const own = (sub: string, summary: string, act: (args: string[], ctx: CommandContext) => Promise<number>) =>
  () => Promise.resolve({ run: act, help: { usage: `berth engine ${sub} [OPTIONS]`, summary, flags: [] } });

const SUB: Record<string, SubcommandLoader> = {
  start: own('start', 'Start the engine if it is not running', start),
  stop: own('stop', 'Stop the engine this root runs (containers keep running)', stop),
  status: own('status', 'Say whether the engine answers, with its pid, socket and version (exit 3 when it does not)', status),
  reset: () => import('./engine-reset'),
  daemon: () => import('./engine-daemon'),
};

export const SUBCOMMANDS = SUB;

export const run = nounCommand('engine', SUB, help);

async function start(args: string[], ctx: CommandContext): Promise<number> {
  const { config } = engineConfigFrom(args, ctx);
  const { client, startedPid } = ensureEngine({ config, daemonArgv: daemonArgv(config), daemonEnv: daemonEnv(ctx.env) });
  try {
    // The ping starts the engine when the socket is missing or refuses, and waits until it answers
    // (the start has its own 10 s deadline). The bound is for an engine that accepts but hangs.
    await client.ping(AbortSignal.timeout(30_000));
  } finally {
    client.close();
  }
  const pid = startedPid();
  ctx.stdout.write(pid ? `engine started (pid ${pid}) on ${config.socketPath}\n` : `engine already running on ${config.socketPath}\n`);
  return 0;
}

async function stop(args: string[], ctx: CommandContext): Promise<number> {
  const { config } = engineConfigFrom(args, ctx);
  const pid = await readEnginePid(config.root);
  if (pid === undefined) {
    ctx.stdout.write(`engine not running (root ${config.root})\n`);
    return 0;
  }
  if (!(await stopEngineProcess(pid))) {
    ctx.stderr.write(`berth: engine (pid ${pid}) did not stop; see ${daemonLogPath(config.root)}\n`);
    return 1;
  }
  ctx.stdout.write(`engine stopped (pid ${pid})\n`);
  return 0;
}

async function status(args: string[], ctx: CommandContext): Promise<number> {
  const { config } = engineConfigFrom(args, ctx);
  const client = new EngineClient(config.socketPath);
  try {
    const v = await client.version();
    const info = await client.info();
    const pid = await readEnginePid(config.root);
    ctx.stdout.write([
      `engine: running${pid ? ` (pid ${pid})` : ''}`,
      `socket: ${config.socketPath}`,
      `root: ${info.DockerRootDir}`,
      `version: ${v.Version} (API ${v.ApiVersion}, min ${v.MinAPIVersion})`,
      `containers: ${info.Containers} (${info.ContainersRunning} running), images: ${info.Images}`,
      '',
    ].join('\n'));
    return 0;
  } catch {
    ctx.stdout.write(`engine: not running\nsocket: ${config.socketPath}\nroot: ${config.root}\n`);
    return 3;
  } finally {
    client.close();
  }
}
