// `berth down`: stop and remove the project's containers and networks; `-v` volumes, `--rmi`
// images, `--remove-orphans` (compose down). Works without a compose file given `-p NAME`.
import { parseCommandLine } from '../args/compose-flags';
import { connectCompose, projectNameOr, engineConfigFrom, type CommandContext } from '../render/compose-setup';
import { down } from '../../core/compose/down';
import { renderPlan } from '../../core/plan';
import { CoreError } from '../../core/errors';
import { formatError } from '../format-error';
import { seconds } from './up';
import { stopWatcher, watcherDir } from '../../core/watch/detached';

const OPTIONS = {
  volumes: { type: 'boolean', short: 'v' },
  'remove-orphans': { type: 'boolean' },
  timeout: { type: 'string', short: 't' },
  rmi: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values: v, globals, positionals } = parseCommandLine(engineConfigFrom(args, ctx).rest, OPTIONS);
  if (v.rmi !== undefined && v.rmi !== 'local' && v.rmi !== 'all') throw new CoreError('INVALID_ARGUMENT', `--rmi ${v.rmi}: must be "local" or "all"`);
  const target = projectNameOr(globals, ctx);
  // the project's detached watcher (up -d --watch) goes first, so it does not act on the teardown
  if (v['dry-run'] !== true) await stopWatcher(watcherDir(engineConfigFrom(args, ctx).config.socketPath), target.name);
  const { client, session } = await connectCompose(args, ctx, { progress: v['dry-run'] !== true, parallel: globals.parallel });
  try {
    const res = await down(session, { project: target.project, projectName: target.name }, {
      services: positionals, volumes: v.volumes, removeOrphans: v['remove-orphans'], timeout: seconds('--timeout', v.timeout),
      rmi: v.rmi as 'local' | 'all' | undefined, dryRun: v['dry-run'],
    });
    for (const w of [...res.plan.warnings, ...(res.result?.warnings ?? [])]) ctx.stderr.write(`WARN ${w}\n`);
    if (v['dry-run']) ctx.stdout.write(renderPlan(res.plan));
    return 0;
  } catch (err) {
    ctx.stderr.write(formatError(err) + '\n');
    return 1;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth down [OPTIONS] [SERVICES]',
  summary: 'Stop and remove containers, networks',
  flags: [
    ['-v, --volumes', 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers'],
    ['--remove-orphans', 'Remove containers for services not defined in the Compose file'],
    ['-t, --timeout int', 'Specify a shutdown timeout in seconds'],
    ['--rmi string', "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")"],
    ['--dry-run', 'Execute command in dry run mode'],
  ],
} as const;
