// `berth network disconnect [-f] NETWORK CONTAINER`: silent on success; -f as docker's Force.
import { NetworkApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { bool, parseArgs } from './engine-args';
import { daemonCall, needArgs } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { force: { short: 'f', type: 'bool' } });
    if (!needArgs(ctx, 'network disconnect', positionals, 2, 2)) return 1;
    return await daemonCall(ctx, async () => {
      await new NetworkApi(client.transport).disconnect(positionals[0], positionals[1], bool(flags, 'force'));
    });
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth network disconnect [OPTIONS] NETWORK CONTAINER',
  summary: 'Disconnect a container from a network',
  flags: [
    ['-f, --force', 'Force the container to disconnect from a network'],
  ],
} as const;
