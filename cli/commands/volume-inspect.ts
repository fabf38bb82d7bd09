// `berth volume inspect [-f FORMAT] VOLUME...`: a JSON array of Volume, as docker prints it.
import { VolumeApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { parseArgs, str } from './engine-args';
import { inspectEach, needArgs } from './each-name';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { format: { short: 'f', type: 'string' } });
    if (!needArgs(ctx, 'volume inspect', positionals, 1)) return 1;
    const api = new VolumeApi(client.transport);
    return await inspectEach(positionals, str(flags, 'format'), ctx, async (n) => goOrder(await api.inspect(n)));
  } finally {
    client.close();
  }
}

/**
 * Keys in the order the docker CLI prints them: it re-encodes the engine's answer with Go's
 * volume.Volume, whose fields (and UsageData's) are alphabetical, and Go sorts map keys too.
 */
export function goOrder<T>(v: T): T {
  if (Array.isArray(v)) return v.map(goOrder) as T;
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, goOrder((v as Record<string, unknown>)[k])])) as T;
}

export const help = {
  usage: 'berth volume inspect [OPTIONS] VOLUME [VOLUME...]',
  summary: 'Display detailed information on one or more volumes',
  flags: [
    ['-f, --format string', "Format output using a custom template: 'json', or a Go template"],
  ],
} as const;
