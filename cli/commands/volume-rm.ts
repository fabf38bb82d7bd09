// `berth volume rm [-f] VOLUME...`: prints each removed name. A volume in use is an error even with
// -f (which only ignores missing volumes), as Docker.
import { VolumeApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { bool, parseArgs } from './engine-args';
import { forEachName, needArgs } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { force: { short: 'f', type: 'bool' } });
    if (!needArgs(ctx, 'volume rm', positionals, 1)) return 1;
    const api = new VolumeApi(client.transport);
    return await forEachName(positionals, ctx, 'Error response from daemon: ', async (name) => {
      await api.remove(name, bool(flags, 'force'));
      ctx.stdout.write(`${name}\n`);
    });
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth volume rm [OPTIONS] VOLUME [VOLUME...]',
  summary: 'Remove one or more volumes',
  flags: [
    ['-f, --force', 'Force the removal of one or more volumes'],
  ],
} as const;
