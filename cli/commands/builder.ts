// `berth builder prune [-f]`: forget the engine's build cache (docker builder prune). The layers
// cached steps made stay while an image uses them; the rest go at the next image prune.
import { connectEngine } from './engine-connect';
import { parseArgs } from './engine-args';
import type { CommandContext } from '../context';
import { pruneBuildCache } from '../../core/engine/index';
import { helpText, wantsHelp } from './build-output';

export const help = {
  usage: 'berth builder prune [OPTIONS]',
  summary: 'Remove build cache',
  flags: [['-f, --force', 'Do not prompt for confirmation'], ['-a, --all', 'Remove all unused build cache (the same here)']],
  subcommands: [['prune', 'Remove build cache']],
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'prune' || wantsHelp(rest)) {
    ctx.stdout.write(helpText(help));
    return sub === 'prune' || sub === '--help' || sub === '-h' ? 0 : 1;
  }
  const { client, rest: argv } = await connectEngine(rest, ctx);
  try {
    parseArgs(argv, { force: { short: 'f', type: 'bool' }, all: { short: 'a', type: 'bool' } });
    const res = await pruneBuildCache(client.transport);
    ctx.stdout.write(`Total reclaimed space: ${res.SpaceReclaimed}B\n`);
    return 0;
  } finally {
    client.close();
  }
}
