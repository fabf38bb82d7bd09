// `berth volume create [-d local] [-o k=v] [--label k=v] [NAME]`: prints the volume's name (a
// generated one when NAME is left out), as docker does.
import { VolumeApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { parseArgs } from './engine-args';
import { CREATE_FLAGS, volumeCreateRequest } from './volume-flags';
import { daemonCall } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, CREATE_FLAGS);
    const body = volumeCreateRequest(positionals, flags);
    return await daemonCall(ctx, async () => {
      ctx.stdout.write(`${(await new VolumeApi(client.transport).create(body)).Name}\n`);
    });
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth volume create [OPTIONS] [VOLUME]',
  summary: 'Create a volume',
  flags: [
    ['-d, --driver string', 'Specify volume driver name (default "local")'],
    ['-o, --opt map', 'Set driver specific options (default map[])'],
    ['--label list', 'Set metadata for a volume'],
    ['--name string', 'Specify volume name'],
  ],
} as const;
