// `berth network create [-d bridge] [--subnet] [--gateway] [--ip-range] [--internal] [--label k=v]
// [-o k=v] NAME`: prints the new network's id, as docker does.
import { NetworkApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { parseArgs } from './engine-args';
import { CREATE_FLAGS, networkCreateRequest } from './network-flags';
import { daemonCall, needArgs } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, CREATE_FLAGS);
    if (!needArgs(ctx, 'network create', positionals, 1, 1)) return 1;
    const body = networkCreateRequest(positionals[0], flags);
    return await daemonCall(ctx, async () => {
      const res = await new NetworkApi(client.transport).create(body);
      if (res.Warning) ctx.stderr.write(`WARNING: ${res.Warning}\n`);
      ctx.stdout.write(`${res.Id}\n`);
    });
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth network create [OPTIONS] NETWORK',
  summary: 'Create a network',
  flags: [
    ['-d, --driver string', 'Driver to manage the Network (default "bridge")'],
    ['--subnet strings', 'Subnet in CIDR format that represents a network segment'],
    ['--gateway strings', 'IPv4 or IPv6 Gateway for the master subnet'],
    ['--ip-range strings', 'Allocate container ip from a sub-range'],
    ['--internal', 'Restrict external access to the network'],
    ['--attachable', 'Enable manual container attachment'],
    ['--ipv6', 'Enable or disable IPv6 networking'],
    ['--label list', 'Set metadata on a network'],
    ['-o, --opt map', 'Set driver specific options (default map[])'],
    ['--ipam-driver string', 'IP Address Management Driver (default "default")'],
  ],
} as const;
