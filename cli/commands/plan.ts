// `berth plan`: what `up` would do and why (each operation with its cause), changing nothing.
// Takes up's flags (`--force-recreate`, `--scale`, services...).
import { engineConfigFrom } from './engine-connect';
import type { CommandContext } from './index';
import { run as runUp } from './up';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  engineConfigFrom(args, ctx);
  return runUp([...args, '--dry-run'], ctx);
}
