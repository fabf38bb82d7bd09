// `berth plan`: what `up` would do and why (each operation with its cause), changing nothing.
// Takes up's flags (`--force-recreate`, `--scale`, services...).
import type { CommandContext } from '../render/compose-setup';
import { run as runUp } from './up';

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return runUp([...args, '--dry-run'], ctx);
}
