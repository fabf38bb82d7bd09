// `berth container create [OPTIONS] IMAGE [COMMAND] [ARG...]`: prints the new container's id.
import { runOrCreate } from './container-run';
import type { CommandContext } from '../context';

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return runOrCreate(args, ctx, false);
}
