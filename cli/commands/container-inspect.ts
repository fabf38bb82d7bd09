// `berth container inspect [-f FORMAT] [-s] CONTAINER...`: a JSON array of ContainerInspect.
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { inspectEach } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { format: { short: 'f', type: 'string' }, size: { short: 's', type: 'bool' } });
    return await inspectEach(positionals, str(flags, 'format'), ctx, (ref) => client.getContainer(ref).inspect({ size: bool(flags, 'size') }), 'Error: ');
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth container inspect [OPTIONS] CONTAINER [CONTAINER...]',
  summary: 'Display detailed information on one or more containers',
  flags: [
    ['-f, --format string', "Format output using a custom template: 'json', or a Go template"],
    ['-s, --size', 'Display total file sizes'],
  ],
} as const;
