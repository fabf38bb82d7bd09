// `berth container top CONTAINER [ps OPTIONS]`
import { connectEngine } from './engine-connect';
import { table } from './engine-format';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const [ref, ...psArgs] = rest;
    if (!ref) {
      ctx.stderr.write('berth container top: requires at least 1 argument\n');
      return 1;
    }
    const top = await client.getContainer(ref).top(psArgs.length ? psArgs.join(' ') : undefined);
    ctx.stdout.write(table(top.Titles, top.Processes));
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth container top CONTAINER [ps OPTIONS]',
  summary: 'Display the running processes of a container',
  flags: [],
} as const;
