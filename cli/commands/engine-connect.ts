// How every engine-backed command reaches the engine: global flags (--root, --host/-H, or
// BERTH_ROOT/BERTH_HOST), then ensureEngine() whose client starts berthd when nothing answers.
import { ensureEngine, resolveEngineConfig, takeEngineFlags, type EngineClient, type EngineConfig } from '../../core/engine/index';
import type { CommandContext } from '../context';

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
  // --expose-gc: the daemon collects garbage when idle (its resident size is a goal, < 60 MB).
  // --lite-mode: no optimizing compiler, lazy feedback vectors. The daemon waits on processes and
  // the disk, not on JS: measured here, idle RSS after 30 runs 61.8 -> 53.3 MB, `run --rm` and a
  // 52 MB / 20k-file `image import` no slower (within the host's noise).
  return [process.execPath, '--expose-gc', '--max-semi-space-size=1', '--lite-mode', bin, 'engine', 'daemon', '--root', config.root, '--host', config.socketPath];
}

/**
 * The daemon's environment: one malloc arena and two libuv threads keep its resident size down
 * (measured: 65 → 60 MB idle after a load and six runs) on hosts of this size.
 */
export function daemonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '1', UV_THREADPOOL_SIZE: '2', ...env };
}

/**
 * The client for the command's engine. Nothing is sent here: the command's first request starts
 * the embedded engine if none is there (ensureEngine), so a running engine costs no extra round
 * trip. Async for the callers' sake (it used to probe).
 */
export async function connectEngine(args: string[], ctx: CommandContext): Promise<Connected> {
  const { config, rest } = engineConfigFrom(args, ctx);
  const { client } = ensureEngine({ config, daemonArgv: daemonArgv(config), daemonEnv: daemonEnv(ctx.env) });
  return Promise.resolve({ client, config, rest });
}
