// `berth ps`: the project's containers (compose ps): running ones, `-a` all, `--status`, `-q` ids,
// `--format table|json`, `--services`.
import { parseCommandLine } from '../args/compose-flags';
import { connectCompose, projectNameOr, requireKnownServices, engineConfigFrom, type CommandContext } from '../render/compose-setup';
import { listProjectContainers } from '../../core/compose/ps';
import { formatPsTable, psJson } from '../render/ps-table';
import { formatRows } from './engine-format';
import { liveWatcher, watcherDir } from '../../core/watch/detached';

const OPTIONS = {
  all: { type: 'boolean', short: 'a' },
  quiet: { type: 'boolean', short: 'q' },
  status: { type: 'string', multiple: true },
  format: { type: 'string' },
  services: { type: 'boolean' },
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values: v, globals, positionals } = parseCommandLine(engineConfigFrom(args, ctx).rest, OPTIONS);
  const target = projectNameOr(globals, ctx);
  requireKnownServices(target.project, positionals);
  const { client, session } = await connectCompose(args, ctx, { progress: false, parallel: globals.parallel });
  try {
    const rows = await listProjectContainers(session, target.name, { all: v.all === true || (v.status?.length ?? 0) > 0, status: v.status ?? [], services: positionals });
    if (v.quiet) ctx.stdout.write(rows.map((r) => r.ID + '\n').join(''));
    else if (v.services) ctx.stdout.write([...new Set(rows.map((r) => r.Service))].map((sv) => sv + '\n').join(''));
    else if (v.format === 'json') ctx.stdout.write(psJson(rows));
    else if (v.format !== undefined && v.format !== 'table') ctx.stdout.write(formatRows(v.format, rows as unknown as Array<Record<string, unknown>>));
    else {
      ctx.stdout.write(formatPsTable(rows));
      const w = await liveWatcher(watcherDir(engineConfigFrom(args, ctx).config.socketPath), target.name);
      if (w !== undefined) ctx.stderr.write(`watch: running in the background (pid ${w.pid}, log ${w.log})\n`);
    }
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth ps [OPTIONS] [SERVICE...]',
  summary: 'List containers',
  flags: [
    ['-a, --all', 'Show all stopped containers (including those created by the run command)'],
    ['-q, --quiet', 'Only display IDs'],
    ['--status stringArray', 'Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]'],
    ['--format string', "Format output using a custom template: 'table', 'json', or a Go template (default \"table\")"],
    ['--services', 'Display services'],
  ],
} as const;
