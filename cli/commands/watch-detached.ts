// `up -d --watch`: the watcher as a detached `berth watch --no-up` of the same project and engine.
import type { Project } from '../../core/spec/index';
import type { EngineConfig } from '../../core/engine/index';
import type { ComposeGlobals } from '../args/compose-flags';
import { startDetachedWatcher, stopWatcher, watcherDir } from '../../core/watch/detached';
import type { CommandContext } from '../context';

/** The argv of `berth watch --no-up` for the project as this command loaded it. */
export function detachedWatchArgv(project: Project, globals: ComposeGlobals, services: string[]): string[] {
  return [
    process.execPath, process.argv[1]!, 'watch', '--no-up',
    ...project.meta.configFiles.flatMap((f) => ['-f', f]),
    '-p', project.name, '--project-directory', project.meta.workingDir,
    ...globals.envFiles.flatMap((f) => ['--env-file', f]),
    ...globals.profiles.flatMap((p) => ['--profile', p]),
    ...services,
  ];
}

export async function startWatcherFor(project: Project, globals: ComposeGlobals, services: string[], config: EngineConfig, ctx: CommandContext): Promise<void> {
  const dir = watcherDir(config.socketPath);
  await stopWatcher(dir, project.name);
  const env = { ...ctx.env, BERTH_ROOT: config.root, BERTH_HOST: `unix://${config.socketPath}` };
  const rec = await startDetachedWatcher(dir, project.name, detachedWatchArgv(project, globals, services), env);
  ctx.stderr.write(`Watch enabled in the background (pid ${rec.pid}, log ${rec.log}); \`berth watch --stop\` or \`down\` ends it\n`);
}
