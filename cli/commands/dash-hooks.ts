// The dashboard's rebuild, pull and watch (core/dash DashHooks): the same use cases as `up
// --build`, `pull` and `up -d --watch` / `watch --stop`, with what only the command has (the
// user's registry credentials, the engine's socket for the watcher's record, this CLI's argv).
// Their output would tear the screen: build output is dropped (a failure carries its message),
// the watcher writes into its own log, which the events line reads.
import type { ComposeGlobals } from '../args/compose-flags';
import type { DashHooks } from '../../core/dash/actions';
import type { EngineConfig } from '../../core/engine/index';
import { liveWatcher, startDetachedWatcher, stopWatcher, watcherDir } from '../../core/watch/detached';
import type { CommandContext } from '../context';
import { authFor } from './registry-auth';
import { detachedWatchArgv } from './watch-detached';

const quiet = (): void => undefined;

export function dashHooks(globals: ComposeGlobals, config: EngineConfig, ctx: CommandContext): DashHooks {
  const dir = watcherDir(config.socketPath);
  return {
    // `up --build SERVICE`'s build step: every named service that has a build section
    build: async (s, project, services) => {
      const { buildForUp } = await import('../../core/compose/build');
      await buildForUp(s.client, project, services, { build: true }, quiet);
    },
    pull: async (s, project, services) => {
      const { pullServices } = await import('../../core/compose/pull');
      await pullServices(s, project, { services, mode: 'pull' }, { auth: (image) => authFor(image, ctx) });
    },
    watch: {
      status: (name) => liveWatcher(dir, name),
      start: async (s, project) => {
        const [{ buildForUp }, { pullServices }, { up }] = await Promise.all([
          import('../../core/compose/build'), import('../../core/compose/pull'), import('../../core/compose/up'),
        ]);
        // as `up -d --watch`: missing images built, pull_policy honoured, the project up, then the watcher
        await buildForUp(s.client, project, [], {}, quiet);
        await pullServices(s, project, { services: [], mode: 'up' }, { auth: (image) => authFor(image, ctx) });
        await up({ ...s, onProgress: undefined }, project, {});
        await stopWatcher(dir, project.name);
        const env = { ...ctx.env, BERTH_ROOT: config.root, BERTH_HOST: `unix://${config.socketPath}` };
        await startDetachedWatcher(dir, project.name, detachedWatchArgv(project, globals, []), env);
      },
      stop: async (name) => { await stopWatcher(dir, name); },
    },
  };
}
