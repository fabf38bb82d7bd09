// `berth engine start|stop|status|reset|daemon`: manage the embedded engine (berthd).
import { ensureEngine, readEnginePid, stopEngineProcess, EngineClient, daemonLogPath } from '../../core/engine/index';
import { daemonArgv, daemonEnv, engineConfigFrom } from './engine-connect';
import type { CommandContext } from '../context';

const USAGE = `Usage: berth engine COMMAND [--root DIR] [--host unix:///PATH]

Commands:
  start    Start the engine if it is not running
  stop     Stop the engine this root runs (containers keep running)
  status   Say whether the engine answers, with its pid, socket and version
  reset    Remove every container, image, network and volume, then the state root (needs --force)
  daemon   Run the engine in the foreground
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'daemon': return (await import('./engine-daemon')).run(rest, ctx);
    case 'start': return start(rest, ctx);
    case 'stop': return stop(rest, ctx);
    case 'status': return status(rest, ctx);
    case 'reset': return (await import('./engine-reset')).run(rest, ctx);
    case undefined: case '--help': case '-h':
      ctx.stdout.write(USAGE);
      return sub === undefined ? 1 : 0;
    default:
      ctx.stderr.write(`berth engine: unknown command "${sub}"\n\n${USAGE}`);
      return 1;
  }
}

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
