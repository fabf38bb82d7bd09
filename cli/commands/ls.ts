// `berth ls [-a] [-q] [--format table|json]`: compose projects on the engine (compose ls).
import { composeCommand, engineConfigFrom, type CommandContext } from '../render/compose-setup';
import { liveWatcher, watcherDir } from '../../core/watch/detached';
import { listProjects } from '../../core/compose/listings';
import { table } from '../render/table';

const OPTIONS = { all: { type: 'boolean', short: 'a' }, quiet: { type: 'boolean', short: 'q' }, format: { type: 'string' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, session }) => {
    const dir = watcherDir(engineConfigFrom(args, ctx).config.socketPath);
    const rows = await Promise.all((await listProjects(session, v.all === true)).map(async (r) =>
      ((await liveWatcher(dir, r.Name)) === undefined ? r : { ...r, Status: `${r.Status}, watching` })));
    if (v.quiet) ctx.stdout.write(rows.map((r) => r.Name + '\n').join(''));
    else if (v.format === 'json') ctx.stdout.write(JSON.stringify(rows) + '\n');
    else ctx.stdout.write(table([['NAME', 'STATUS', 'CONFIG FILES'], ...rows.map((r) => [r.Name, r.Status, r.ConfigFiles])]));
    return 0;
  }, { anyProject: true });
}

export const help = {
  usage: 'berth ls [OPTIONS]',
  summary: 'List running compose projects',
  flags: [
    ['-a, --all', 'Show all stopped Compose projects'],
    ['-q, --quiet', 'Only display project names'],
    ['--format string', 'Format the output. Values: [table | json] (default "table")'],
  ],
} as const;
