// `berth engine daemon [--root DIR] [--host unix:///path]`: runs berthd in the foreground. The only
// CLI file that imports runtime/daemon (.dependency-cruiser.cjs), so the bundle contains the
// engine and `ensureEngine` can start it with this same binary.
import { runDaemon } from '../../runtime/daemon/main';
import { engineConfigFrom } from './engine-connect';
import type { CommandContext } from './index';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { config, rest } = engineConfigFrom(args, ctx);
  if (rest.length > 0) {
    ctx.stderr.write(`berth engine daemon: unexpected argument "${rest[0]}"\n`);
    return 2;
  }
  const log = (line: string): void => { ctx.stderr.write(`${new Date().toISOString()} ${line}\n`); };
  return runDaemon({ root: config.root, socketPath: config.socketPath, log });
}
