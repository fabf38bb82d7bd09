// Shared by the compose commands: engine connection (global --root/--host), the project (compose
// global flags), and a ComposeSession with a real clock and Ctrl-C as the AbortSignal.
import { setTimeout as delay } from 'node:timers/promises';
import { connectEngine } from '../commands/engine-connect';
import type { CommandContext } from '../commands/index';
import type { ComposeGlobals } from '../args/compose-flags';
import { engineFromClient } from '../../core/execute';
import type { ComposeSession } from '../../core/compose/session';
import { createFsHost } from '../../core/host/fs-host';
import { loadProject, type Project } from '../../core/spec/index';
import type { EngineClient } from '../../core/engine/index';
import { plainProgress, ttyProgress } from './progress-lines';

export function loadComposeProject(globals: ComposeGlobals, ctx: CommandContext, services: string[] = []): Project {
  return loadProject({
    files: globals.files, projectName: globals.projectName, projectDirectory: globals.projectDirectory,
    envFiles: globals.envFiles, profiles: globals.profiles, services,
  }, createFsHost(ctx.env, ctx.cwd));
}

export interface Connected {
  client: EngineClient;
  session: ComposeSession;
  rest: string[];
}

/** Splits the engine flags off `args`, connects (starting berthd if needed), builds the session. */
export async function connectCompose(args: string[], ctx: CommandContext, opts: { progress?: boolean; signal?: AbortSignal } = {}): Promise<Connected> {
  const { client, rest } = await connectEngine(args, ctx);
  const tty = (ctx.stderr as { isTTY?: boolean }).isTTY === true;
  const session: ComposeSession = {
    client, engine: engineFromClient(client), now: () => performance.now(),
    sleep: (ms, signal) => delay(ms, undefined, { signal }),
    onProgress: opts.progress === false ? undefined : tty ? ttyProgress(ctx.stderr) : plainProgress(ctx.stderr),
    signal: opts.signal,
  };
  return { client, session, rest };
}

/** The project's name when there may be no compose file (`down -p x`, `ps -p x`). */
export function projectNameOr(globals: ComposeGlobals, ctx: CommandContext): { project?: Project; name: string } {
  try {
    const project = loadComposeProject(globals, ctx);
    return { project, name: project.name };
  } catch (err) {
    if (globals.projectName !== undefined && (err as { code?: string }).code !== undefined) return { name: globals.projectName };
    throw err;
  }
}
