// `berth images [-q] [--format table|json] [SERVICE...]`: the images the project's containers use (compose images).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { imagesOf } from '../../core/compose/listings';
import { table } from '../render/table';

const OPTIONS = { quiet: { type: 'boolean', short: 'q' }, format: { type: 'string' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, name, session }) => {
    const rows = await imagesOf(session, name, positionals);
    if (v.quiet) ctx.stdout.write([...new Set(rows.map((r) => r.id))].map((id) => id + '\n').join(''));
    else if (v.format === 'json') ctx.stdout.write(JSON.stringify(rows.map((r) => ({ ContainerName: r.container, Repository: r.repository, Tag: r.tag, ID: r.id, Size: r.size }))) + '\n');
    else {
      const mb = (n: number): string => `${(n / 1e6).toFixed(2)}MB`;
      ctx.stdout.write(table([['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], ...rows.map((r) => [r.container, r.repository, r.tag, r.id.replace(/^sha256:/, '').slice(0, 12), mb(r.size)])]));
    }
    return 0;
  });
}

export const help = {
  usage: 'berth images [OPTIONS] [SERVICE...]',
  summary: 'List images used by the created containers',
  flags: [
    ['-q, --quiet', 'Only display IDs'],
    ['--format string', 'Format the output. Values: [table | json] (default "table")'],
  ],
} as const;
