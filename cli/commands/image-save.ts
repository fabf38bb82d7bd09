// `berth image save [-o FILE] IMAGE...`: a docker-archive (loadable by `docker load`).
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connectEngine } from './engine-connect';
import { parseArgs, str } from './engine-args';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { output: { short: 'o', type: 'string' } });
    if (positionals.length === 0) {
      ctx.stderr.write('berth image save: requires at least 1 argument\n');
      return 1;
    }
    const file = str(flags, 'output');
    if (!file && (ctx.stdout as NodeJS.WriteStream).isTTY) {
      ctx.stderr.write('berth: refusing to write an archive to a terminal (use -o FILE or a redirection)\n');
      return 1;
    }
    const out = file ? createWriteStream(file) : ctx.stdout;
    try {
      if (file) await client.saveImages(positionals, out);
      else {
        const res = await client.transport.request({ method: 'GET', path: '/images/get', query: { names: positionals } });
        for await (const chunk of res) ctx.stdout.write(chunk as Buffer);
      }
    } catch (err) {
      if (file) await rm(file, { force: true });
      throw err;
    }
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth image save [OPTIONS] IMAGE [IMAGE...]',
  summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  flags: [
    ['-o, --output string', 'Write to a file, instead of STDOUT'],
  ],
} as const;
