// `berth image ls [-a] [-q] [--no-trunc] [--digests] [-f FILTER] [--format F] [REPOSITORY[:TAG]]`
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs, str } from './engine-args';
import { ago, formatRows, humanSize, shortId, table } from './engine-format';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, {
      all: { short: 'a', type: 'bool' }, quiet: { short: 'q', type: 'bool' }, 'no-trunc': { type: 'bool' },
      digests: { type: 'bool' }, filter: { short: 'f', type: 'list' }, format: { type: 'string' },
    });
    const filters: Record<string, string[]> = {};
    for (const f of list(flags, 'filter')) {
      const eq = f.indexOf('=');
      (filters[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
    }
    if (positionals[0]) (filters.reference ??= []).push(positionals[0]);
    const images = await client.listImages({ all: bool(flags, 'all'), filters });
    const id = (i: string): string => (bool(flags, 'no-trunc') ? i : shortId(i));
    if (bool(flags, 'quiet')) {
      ctx.stdout.write([...new Set(images.map((i) => id(i.Id)))].map((x) => x + '\n').join(''));
      return 0;
    }
    const rows = images.flatMap((img) => (img.RepoTags.length ? img.RepoTags : ['<none>:<none>']).map((t) => {
      const c = t.lastIndexOf(':');
      return { Repository: t.slice(0, c), Tag: t.slice(c + 1), ID: id(img.Id), CreatedSince: ago(img.Created), CreatedAt: new Date(img.Created * 1000).toISOString(), Size: humanSize(img.Size), Digest: img.RepoDigests[0]?.split('@')[1] ?? '<none>' };
    }));
    const format = str(flags, 'format');
    if (format && format !== 'table') {
      ctx.stdout.write(formatRows(format, rows, { ID: 'IMAGE ID', CreatedSince: 'CREATED' }));
      return 0;
    }
    const headers = ['REPOSITORY', 'TAG', ...(bool(flags, 'digests') ? ['DIGEST'] : []), 'IMAGE ID', 'CREATED', 'SIZE'];
    ctx.stdout.write(table(headers, rows.map((r) => [r.Repository, r.Tag, ...(bool(flags, 'digests') ? [r.Digest] : []), r.ID, r.CreatedSince, r.Size])));
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth image ls [OPTIONS] [REPOSITORY[:TAG]]',
  summary: 'List images',
  flags: [
    ['-a, --all', 'Show all images (default hides intermediate images)'],
    ['-q, --quiet', 'Only show image IDs'],
    ['--no-trunc', "Don't truncate output"],
    ['--digests', 'Show digests'],
    ['-f, --filter filter', 'Filter output based on conditions provided'],
    ['--format string', "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template"],
  ],
} as const;
