// `berth image inspect [-f FORMAT] IMAGE...`: a JSON array of ImageInspect, as docker prints it.
import { connectEngine } from './engine-connect';
import { parseArgs, str } from './engine-args';
import { inspectEach } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { format: { short: 'f', type: 'string' } });
    return await inspectEach(positionals, str(flags, 'format'), ctx, (name) => client.getImage(name).inspect(), 'Error: ');
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth image inspect [OPTIONS] IMAGE [IMAGE...]',
  summary: 'Display detailed information on one or more images',
  flags: [
    ['-f, --format string', "Format output using a custom template: 'json', or a Go template"],
  ],
} as const;
