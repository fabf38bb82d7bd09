// `berth image rm [-f] [--no-prune] IMAGE...`: prints Untagged:/Deleted: lines, as docker rmi.
import { connectEngine } from './engine-connect';
import { bool, parseArgs } from './engine-args';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { force: { short: 'f', type: 'bool' }, 'no-prune': { type: 'bool' } });
    if (positionals.length === 0) {
      ctx.stderr.write('berth image rm: requires at least 1 argument\n');
      return 1;
    }
    let status = 0;
    for (const name of positionals) {
      try {
        const items = await client.getImage(name).remove({ force: bool(flags, 'force'), noprune: bool(flags, 'no-prune') });
        for (const i of items) ctx.stdout.write(i.Untagged ? `Untagged: ${i.Untagged}\n` : `Deleted: ${i.Deleted}\n`);
      } catch (err) {
        ctx.stderr.write(`Error response from daemon: ${(err as Error).message}\n`);
        status = 1;
      }
    }
    return status;
  } finally {
    client.close();
  }
}
