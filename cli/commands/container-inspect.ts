// `berth container inspect [-f FORMAT] [-s] CONTAINER...`: a JSON array of ContainerInspect.
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { formatWith } from './engine-format';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { format: { short: 'f', type: 'string' }, size: { short: 's', type: 'bool' } });
    const out: unknown[] = [];
    let status = 0;
    for (const ref of positionals) {
      try {
        out.push(await client.getContainer(ref).inspect({ size: bool(flags, 'size') }));
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
