// `berth image history [-q] [--no-trunc] [--format F] IMAGE`
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { ago, formatRows, humanSize, shortId, table } from './engine-format';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { quiet: { short: 'q', type: 'bool' }, 'no-trunc': { type: 'bool' }, format: { type: 'string' }, human: { short: 'H', type: 'bool' } });
    if (positionals.length !== 1) {
      ctx.stderr.write('berth image history: requires exactly 1 argument\n');
      return 1;
    }
    const items = await client.getImage(positionals[0]).history();
    const full = bool(flags, 'no-trunc');
    const idOf = (id: string): string => (id === '<missing>' || full ? id : shortId(id));
    if (bool(flags, 'quiet')) {
      ctx.stdout.write(items.map((i) => idOf(i.Id) + '\n').join(''));
      return 0;
    }
    const rows = items.map((i) => ({
      ID: idOf(i.Id), CreatedSince: ago(i.Created), CreatedBy: full ? i.CreatedBy : trunc(i.CreatedBy, 45),
      Size: humanSize(i.Size), Comment: i.Comment,
    }));
    const format = str(flags, 'format');
    if (format && format !== 'table') ctx.stdout.write(formatRows(format, rows, { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedBy: 'CREATED BY' }));
    else ctx.stdout.write(table(['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], rows.map((r) => [r.ID, r.CreatedSince, r.CreatedBy, r.Size, r.Comment])));
    return 0;
  } finally {
    client.close();
  }
}

function trunc(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export const help = {
  usage: 'berth image history [OPTIONS] IMAGE',
  summary: 'Show the history of an image',
  flags: [
    ['-H, --human', 'Print sizes and dates in human readable format (default true)'],
    ['-q, --quiet', 'Only show image IDs'],
    ['--no-trunc', "Don't truncate output"],
    ['--format string', "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template"],
  ],
} as const;
