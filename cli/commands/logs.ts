// `berth logs`: the project's container logs, prefixed and coloured per service; `-f` follows,
// picking up containers that appear later (compose logs).
import { parseCommandLine } from '../args/compose-flags';
import { claimShortF, connectCompose, projectNameOr, requireKnownServices, engineConfigFrom, type CommandContext } from '../render/compose-setup';
import { streamLogs } from '../../core/compose/logs';

const OPTIONS = {
  follow: { type: 'boolean', short: 'f' },
  tail: { type: 'string', short: 'n' },
  since: { type: 'string' },
  until: { type: 'string' },
  timestamps: { type: 'boolean', short: 't' },
  'no-color': { type: 'boolean' },
  'no-log-prefix': { type: 'boolean' },
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values: v, globals, positionals } = parseCommandLine(claimShortF(engineConfigFrom(args, ctx).rest, OPTIONS), OPTIONS);
  const target = projectNameOr(globals, ctx);
  requireKnownServices(target.project, positionals);
  const { client, session } = await connectCompose(args, ctx, { progress: false, parallel: globals.parallel });
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    await streamLogs(session, target.name, {
      services: positionals, follow: v.follow === true, tail: v.tail, since: v.since, until: v.until,
      timestamps: v.timestamps === true, color: v['no-color'] !== true && (ctx.stdout as { isTTY?: boolean }).isTTY === true,
      prefix: v['no-log-prefix'] !== true, out: ctx.stdout, err: ctx.stderr, signal: stop.signal,
    });
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    client.close();
  }
}

export const help = {
  usage: 'berth logs [OPTIONS] [SERVICE...]',
  summary: 'View output from containers',
  flags: [
    ['-f, --follow', 'Follow log output'],
    ['-n, --tail string', 'Number of lines to show from the end of the logs for each container (default "all")'],
    ['--since string', 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)'],
    ['--until string', 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)'],
    ['-t, --timestamps', 'Show timestamps'],
    ['--no-color', 'Produce monochrome output'],
    ['--no-log-prefix', "Don't print prefix in logs"],
  ],
} as const;
