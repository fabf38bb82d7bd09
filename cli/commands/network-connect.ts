// `berth network connect [--alias A] [--ip ADDR] [--ip6 ADDR] NETWORK CONTAINER`: silent on success.
import { NetworkApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { parseArgs } from './engine-args';
import { CONNECT_FLAGS, connectOptions } from './network-flags';
import { daemonCall, needArgs } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, CONNECT_FLAGS);
    if (!needArgs(ctx, 'network connect', positionals, 2, 2)) return 1;
    return await daemonCall(ctx, async () => {
      await new NetworkApi(client.transport).connect(positionals[0], positionals[1], connectOptions(flags));
    });
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth network connect [OPTIONS] NETWORK CONTAINER',
  summary: 'Connect a container to a network',
  flags: [
    ['--alias strings', 'Add network-scoped alias for the container'],
    ['--ip string', 'IPv4 address (e.g., "172.30.100.104")'],
    ['--ip6 string', 'IPv6 address (e.g., "2001:db8::33")'],
  ],
} as const;
