// `berth container create [OPTIONS] IMAGE [COMMAND] [ARG...]`: prints the new container's id.
import { help as runHelp, runOrCreate } from './container-run';
import type { CommandContext } from '../context';

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return runOrCreate(args, ctx, false);
}

export const help = {
  usage: 'berth container create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  summary: 'Create a new container',
  // container run's flags: one parser (runOrCreate) serves both commands
  flags: runHelp.flags,
} as const;
