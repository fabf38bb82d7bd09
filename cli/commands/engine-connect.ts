// How every engine-backed command reaches the engine: global flags (--root, --host/-H, or
// BERTH_ROOT/BERTH_HOST), then ensureEngine() which starts berthd when nothing answers.
import { ensureEngine, resolveEngineConfig, takeEngineFlags, type EngineClient, type EngineConfig } from '../../core/engine/index';
import type { CommandContext } from './index';

export interface Connected {
  client: EngineClient;
  config: EngineConfig;
  rest: string[];
}

export function engineConfigFrom(args: string[], ctx: CommandContext): { config: EngineConfig; rest: string[] } {
  const { flags, rest } = takeEngineFlags(args);
  return { config: resolveEngineConfig(flags, ctx.env), rest };
}

/** argv that runs this same CLI as the daemon (the bundle contains `berth engine daemon`). */
export function daemonArgv(config: EngineConfig): string[] {
  const bin = process.argv[1];
  return [process.execPath, bin, 'engine', 'daemon', '--root', config.root, '--host', config.socketPath];
}

export async function connectEngine(args: string[], ctx: CommandContext): Promise<Connected> {
  const { config, rest } = engineConfigFrom(args, ctx);
  const { client } = await ensureEngine({ config, daemonArgv: daemonArgv(config) });
  return { client, config, rest };
}
