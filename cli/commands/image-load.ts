// `berth image load [-i FILE] [-q]`: a docker-archive or OCI archive (gzip or not) from FILE or stdin.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags } = parseArgs(rest, { input: { short: 'i', type: 'string' }, quiet: { short: 'q', type: 'bool' } });
    const file = str(flags, 'input');
    if (!file && process.stdin.isTTY) {
      ctx.stderr.write('berth: requested load from stdin, but stdin is empty (use -i FILE)\n');
      return 1;
    }
    // Opened first so a missing file is a plain error, not a stream 'error' event.
    const src: Readable = file ? (await open(file)).createReadStream() : process.stdin;
    const messages = await client.loadImage(src, bool(flags, 'quiet'));
    for (const m of messages) if (m.stream) ctx.stdout.write(m.stream);
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth image load [OPTIONS]',
  summary: 'Load an image from a tar archive or STDIN',
  flags: [
    ['-i, --input string', 'Read from tar archive file, instead of STDIN'],
    ['-q, --quiet', 'Suppress the load output'],
  ],
} as const;
