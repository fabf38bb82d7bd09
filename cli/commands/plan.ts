// `berth plan`: what `up` would do and why (each operation with its cause), changing nothing.
// Takes up's flags (`--force-recreate`, `--scale`, services...).
import type { CommandContext } from '../render/compose-setup';
import { help as upHelp, run as runUp } from './up';

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return runUp([...args, '--dry-run'], ctx);
}

export const help = {
  usage: 'berth plan [OPTIONS] [SERVICE...]',
  summary: "Show what `up` would do and why, each operation with its cause, changing nothing (takes up's options)",
  // up's flags (plan takes them all), --dry-run as plan means it
  flags: [...upHelp.flags.filter(([f]) => f !== '--dry-run'), ['--dry-run', 'Implied: plan never changes anything']],
} as const;
