// `berth engine daemon [--root DIR] [--host unix:///path]`: runs berthd in the foreground. The only
// CLI file that imports runtime/daemon (.dependency-cruiser.cjs), so the bundle contains the
// engine and `ensureEngine` can start it with this same binary.
import { runDaemon, crashPointFrom } from '../../runtime/daemon/main';
import { engineConfigFrom } from './engine-connect';
import { readRegistryConfig } from '../../runtime/daemon/registry-config';
import type { CommandContext } from '../context';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { config, rest } = engineConfigFrom(args, ctx);
  if (rest.length > 0) {
    ctx.stderr.write(`berth engine daemon: unexpected argument "${rest[0]}"\n`);
    return 2;
  }
  const log = (line: string): void => { ctx.stderr.write(`${new Date().toISOString()} ${line}\n`); };
  // Test suites run their own engines side by side: BERTH_NETWORK_PREFIX and BERTH_CGROUP_PARENT
  // keep their bridges, namespaces, nftables table and cgroups apart from any other engine's.
  return runDaemon({
    root: config.root, socketPath: config.socketPath, log,
    networkPrefix: ctx.env.BERTH_NETWORK_PREFIX || undefined, cgroupParent: ctx.env.BERTH_CGROUP_PARENT || undefined,
    idleGc: (globalThis as { gc?: () => void }).gc,
    crashPoint: crashPointFrom(ctx.env.BERTH_TEST_CRASH_AT || undefined, log),
    registries: await readRegistryConfig(config.root, ctx.env),
    unpackWorker: unpackWorkerScript(),
  });
}

/**
 * The unpack worker's bundle, built beside this chunk (scripts/build.mjs): the build the daemon
 * runs, even when a rebuild has moved dist/main.cjs on. Run from source (tsx), there is none.
 */
function unpackWorkerScript(): string | undefined {
  const path = fileURLToPath(new URL('../unpack-worker.cjs', import.meta.url));
  return existsSync(path) ? path : undefined;
}

export const help = {
  usage: 'berth engine daemon [OPTIONS]',
  summary: 'Run the engine (berthd) in the foreground',
  flags: [],
} as const;
