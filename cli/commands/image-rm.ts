// `berth image rm [-f] [--no-prune] IMAGE...`: prints Untagged:/Deleted: lines, as docker rmi.
import { connectEngine } from './engine-connect';
import { bool, parseArgs } from './engine-args';
import type { CommandContext } from '../context';
import { forEachName } from './each-name';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { force: { short: 'f', type: 'bool' }, 'no-prune': { type: 'bool' } });
    if (positionals.length === 0) {
      ctx.stderr.write('berth image rm: requires at least 1 argument\n');
      return 1;
    }
    return await forEachName(positionals, ctx, 'Error response from daemon: ', async (name) => {
      const items = await client.getImage(name).remove({ force: bool(flags, 'force'), noprune: bool(flags, 'no-prune') });
      for (const i of items) ctx.stdout.write(i.Untagged ? `Untagged: ${i.Untagged}\n` : `Deleted: ${i.Deleted}\n`);
    });
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth image rm [OPTIONS] IMAGE [IMAGE...]',
  summary: 'Remove one or more images',
  flags: [
    ['-f, --force', 'Force removal of the image'],
    ['--no-prune', 'Do not delete untagged parents'],
  ],
} as const;
