// `berth network inspect [-f FORMAT] NETWORK...`: a JSON array of NetworkResource, as docker prints it.
import { NetworkApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { parseArgs, str } from './engine-args';
import { inspectEach, needArgs } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { format: { short: 'f', type: 'string' }, verbose: { short: 'v', type: 'bool' } });
    if (!needArgs(ctx, 'network inspect', positionals, 1)) return 1;
    const api = new NetworkApi(client.transport);
    return await inspectEach(positionals, str(flags, 'format'), ctx, (n) => api.inspect(n));
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth network inspect [OPTIONS] NETWORK [NETWORK...]',
  summary: 'Display detailed information on one or more networks',
  flags: [
    ['-f, --format string', "Format output using a custom template: 'json', or a Go template"],
    ['-v, --verbose', 'Verbose output for diagnostics'],
  ],
} as const;
