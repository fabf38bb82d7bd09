// `berth image inspect [-f FORMAT] IMAGE...`: a JSON array of ImageInspect, as docker prints it.
import { connectEngine } from './engine-connect';
import { parseArgs, str } from './engine-args';
import { formatWith } from './engine-format';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { format: { short: 'f', type: 'string' } });
    const out: unknown[] = [];
    let status = 0;
    for (const name of positionals) {
      try {
        out.push(await client.getImage(name).inspect());
      } catch (err) {
        ctx.stderr.write(`Error: ${(err as Error).message}\n`);
        status = 1;
      }
    }
    const format = str(flags, 'format');
    if (format) ctx.stdout.write(out.map((o) => formatWith(format, o as Record<string, unknown>) + '\n').join(''));
    else ctx.stdout.write(JSON.stringify(out, null, 4) + '\n');
    return status;
  } finally {
    client.close();
  }
}
