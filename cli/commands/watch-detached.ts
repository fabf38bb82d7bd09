// `up -d --watch`: the watcher as a detached `berth watch --no-up` of the same project and engine.
import type { Project } from '../../core/spec/index';
import type { EngineConfig } from '../../core/engine/index';
import type { ComposeGlobals } from '../args/compose-flags';
import { createHash } from 'node:crypto';
import { liveWatcher, startDetachedWatcher, stopWatcher, watcherDir } from '../../core/watch/detached';
import type { CommandContext } from '../context';

/** The argv of `berth watch --no-up` for the project as this command loaded it. */
export function detachedWatchArgv(project: Project, globals: ComposeGlobals, services: string[]): string[] {
  return [
    // a small young generation: the watcher lives long and its garbage comes in bursts (syncs)
    process.execPath, '--max-semi-space-size=1', process.argv[1]!, 'watch', '--no-up',
    ...project.meta.configFiles.flatMap((f) => ['-f', f]),
    '-p', project.name, '--project-directory', project.meta.workingDir,
    ...globals.envFiles.flatMap((f) => ['--env-file', f]),
    ...globals.profiles.flatMap((p) => ['--profile', p]),
    ...services,
  ];
}

/**
 * What the watcher watches: its command line and the services' configuration (develop rules,
 * build contexts). A second `up -d --watch` keeps a watcher whose fingerprint is unchanged, as a
 * second `up` keeps unchanged containers, and replaces one started for another configuration.
 */
export function watcherFingerprint(project: Project, argv: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([argv.slice(2), project.services])).digest('hex');
}

export async function startWatcherFor(project: Project, globals: ComposeGlobals, services: string[], config: EngineConfig, ctx: CommandContext): Promise<void> {
  const dir = watcherDir(config.socketPath);
  const argv = detachedWatchArgv(project, globals, services);
  const fingerprint = watcherFingerprint(project, argv);
  const live = await liveWatcher(dir, project.name);
  if (live?.fingerprint === fingerprint) {
    ctx.stderr.write(`Watch already enabled in the background (pid ${live.pid}, log ${live.log})\n`);
    return;
  }
  if (live) await stopWatcher(dir, project.name);
  const env = { ...ctx.env, BERTH_ROOT: config.root, BERTH_HOST: `unix://${config.socketPath}` };
  const rec = await startDetachedWatcher(dir, project.name, argv, env, fingerprint);
  ctx.stderr.write(`Watch enabled in the background (pid ${rec.pid}, log ${rec.log}); \`berth watch --stop\` or \`down\` ends it\n`);
}
