// `berth network prune [-f] [--filter F]`: removes the networks no container uses and lists them.
import { NetworkApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs } from './engine-args';
import { filtersFrom } from './kv-flags';
import { confirmPrune } from './prune-confirm';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags } = parseArgs(rest, { force: { short: 'f', type: 'bool' }, filter: { type: 'list' } });
    if (!bool(flags, 'force') && !(await confirmPrune('all custom networks not used by at least one container'))) {
      ctx.stderr.write('berth network prune: not confirmed (use -f to skip the question)\n');
      return 1;
    }
    const filters = filtersFrom(list(flags, 'filter'));
    const deleted = await new NetworkApi(client.transport).prune(Object.keys(filters).length ? filters : undefined);
    if (deleted.length) ctx.stdout.write(`Deleted Networks:\n${deleted.map((n) => n + '\n').join('')}\n`);
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth network prune [OPTIONS]',
  summary: 'Remove all unused networks',
  flags: [
    ['-f, --force', 'Do not prompt for confirmation'],
    ['--filter filter', 'Provide filter values (e.g. "until=<timestamp>")'],
  ],
} as const;
