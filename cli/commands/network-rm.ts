// `berth network rm [-f] NETWORK...`: prints each removed name; -f ignores networks that do not exist.
import { NetworkApi } from '../../core/engine/index';
import type { CoreError } from '../../core/errors';
import { connectEngine } from './engine-connect';
import { bool, parseArgs } from './engine-args';
import { forEachName, needArgs } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { force: { short: 'f', type: 'bool' } });
    if (!needArgs(ctx, 'network rm', positionals, 1)) return 1;
    const api = new NetworkApi(client.transport);
    return await forEachName(positionals, ctx, 'Error response from daemon: ', async (name) => {
      try {
        await api.remove(name);
      } catch (err) {
        if (bool(flags, 'force') && (err as CoreError).code === 'NOT_FOUND') return;
        throw err;
      }
      ctx.stdout.write(`${name}\n`);
    });
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth network rm NETWORK [NETWORK...]',
  summary: 'Remove one or more networks',
  flags: [
    ['-f, --force', 'Do not error if the network does not exist'],
  ],
} as const;
