// `berth watch [SERVICE...]`: up the services (unless --no-up), then sync/rebuild/restart them as
// files change (compose watch). `--stop` ends the detached watcher that `up -d --watch` started.
import { parseCommandLine } from '../args/compose-flags';
import { connectCompose, engineConfigFrom, loadComposeProject, type CommandContext } from '../render/compose-setup';
import { up } from '../../core/compose/up';
import { realClock } from '../../core/watch/batcher';
import { startWatch } from '../../core/watch/start-watch';
import { stopWatcher, watcherDir } from '../../core/watch/detached';
import { formatError } from '../format-error';
import { buildForUp, buildService } from '../../core/compose/build';
import { lineWriter } from './build-output';

const OPTIONS = {
  'no-up': { type: 'boolean' },
  prune: { type: 'boolean' },
  quiet: { type: 'boolean' },
  poll: { type: 'boolean' },
  stop: { type: 'boolean' },
} as const;

export const help = {
  usage: 'berth watch [OPTIONS] [SERVICE...]',
  summary: 'Watch the build context of services and sync, rebuild or restart them when files change',
  flags: [
    ['--no-up', 'Do not start the services before watching'],
    ['--prune', 'Prune dangling images on rebuild'],
    ['--quiet', 'Hide build output'],
    ['--poll', 'Poll the file system instead of inotify (for file systems without change events)'],
    ['--stop', 'Stop the project\'s detached watcher (started by up -d --watch)'],
  ],
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { config, rest } = engineConfigFrom(args, ctx);
  const { values: v, globals, positionals } = parseCommandLine(rest, OPTIONS);
  const project = loadComposeProject(globals, ctx, positionals);
  if (v.stop) {
    const stopped = await stopWatcher(watcherDir(config.socketPath), project.name);
    ctx.stderr.write(stopped ? `Watch stopped for ${project.name}\n` : `no watcher runs for ${project.name}\n`);
    return stopped ? 0 : 1;
  }
  const { client, session } = await connectCompose(args, ctx, { progress: v['no-up'] !== true, parallel: globals.parallel });
  try {
    if (!v['no-up']) {
      // as compose watch's up: missing images built first
      await buildForUp(client, project, positionals, {}, v.quiet === true ? () => undefined : lineWriter(ctx.stderr, true));
      await up(session, project, { services: positionals });
    }
    return await watchUntilSignal(session, project, positionals, ctx, { poll: v.poll === true, prune: v.prune === true, quiet: v.quiet === true });
  } catch (err) {
    ctx.stderr.write(formatError(err) + '\n');
    return 1;
  } finally {
    client.close();
  }
}

/** Watches until SIGINT or SIGTERM; used by `watch` and by `up --watch`. */
export async function watchUntilSignal(session: Parameters<typeof startWatch>[0], project: Parameters<typeof startWatch>[1], services: string[], ctx: CommandContext, o: { poll: boolean; prune: boolean; quiet?: boolean; signal?: AbortSignal; onStarted?: (w: { readonly busy: boolean }) => void }): Promise<number> {
  const build = (svc: string): Promise<void> =>
    buildService(session.client, project, svc, {}, o.quiet === true ? () => undefined : lineWriter(ctx.stderr, true)).then(() => undefined);
  const w = await startWatch({ ...session, onProgress: undefined }, project, {
    services, clock: realClock, poll: o.poll, prune: o.prune, build,
    log: (l) => ctx.stdout.write(`${l}\n`), warn: (l) => ctx.stderr.write(`WARN ${l}\n`),
  });
  ctx.stderr.write('Watch enabled\n');
  o.onStarted?.(w);
  await new Promise<void>((resolve) => {
    const done = (): void => { process.off('SIGINT', done); process.off('SIGTERM', done); resolve(); };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    o.signal?.addEventListener('abort', done, { once: true });
  });
  await w.close();
  return 0;
}
