// Shared by the compose commands: engine connection (global --root/--host), the project (compose
// global flags), and a ComposeSession with a real clock and Ctrl-C as the AbortSignal.
import { setTimeout as delay } from 'node:timers/promises';
import { parallelLimit, parseCommandLine, type ComposeGlobals, type ParsedCommandLine } from '../args/compose-flags';
import { CoreError } from '../../core/errors';
import { engineFromClient } from '../../core/execute';
import type { ComposeSession } from '../../core/compose/session';
import { createFsHost } from '../../core/host/fs-host';
import { loadProject, requireServiceNames, type Project } from '../../core/spec/index';
import type { EngineClient } from '../../core/engine/index';
import type { CommandContext } from '../context';
import { connectEngine, engineConfigFrom } from '../commands/engine-connect';

export { engineConfigFrom };
import { plainProgress, ttyProgress } from './progress-lines';
import { modelOptions, nameFromFlag } from './project-name';

export type { CommandContext } from '../context';

/**
 * The project, narrowed to `services` (and their dependencies). `resolveEnv: false` leaves
 * env_file/label_file unread, as compose's projectOrName (cli.WithDiscardEnvFile) does for the
 * commands that create nothing: a missing env file then fails only what creates that service.
 */
export function loadComposeProject(globals: ComposeGlobals, ctx: CommandContext, services: string[] = [], o: { resolveEnv?: boolean } = {}): Project {
  return loadProject({ ...modelOptions(globals), services, skipEnvResolution: o.resolveEnv === false }, createFsHost(ctx.env, ctx.cwd));
}

export interface Connected {
  client: EngineClient;
  session: ComposeSession;
  rest: string[];
}

/** Splits the engine flags off `args`, connects (starting berthd if needed), builds the session. */
export async function connectCompose(args: string[], ctx: CommandContext, opts: { progress?: boolean; signal?: AbortSignal; parallel?: number } = {}): Promise<Connected> {
  const { client, rest } = await connectEngine(args, ctx);
  return { client, session: composeSession(client, ctx, opts), rest };
}

/** A ComposeSession over a connected client: a real clock, progress on stderr, Ctrl-C's signal. */
export function composeSession(client: EngineClient, ctx: CommandContext, opts: { progress?: boolean; signal?: AbortSignal; parallel?: number } = {}): ComposeSession {
  const tty = (ctx.stderr as { isTTY?: boolean }).isTTY === true;
  return {
    client, engine: engineFromClient(client), now: () => performance.now(),
    sleep: (ms, signal) => delay(ms, undefined, { signal }),
    onProgress: opts.progress === false ? undefined : tty ? ttyProgress(ctx.stderr) : plainProgress(ctx.stderr),
    signal: opts.signal,
    // As compose: unlimited unless --parallel or COMPOSE_PARALLEL_LIMIT caps it.
    concurrency: opts.parallel ?? (ctx.env.COMPOSE_PARALLEL_LIMIT ? parallelLimit(ctx.env.COMPOSE_PARALLEL_LIMIT, 'COMPOSE_PARALLEL_LIMIT') : Infinity),
  };
}

/**
 * The project's name when there may be no compose file (`down -p x`, `ps -p x`). Env files are
 * read only for the `services` a command creates containers of (`run`), as compose does.
 */
export function projectNameOr(globals: ComposeGlobals, ctx: CommandContext, services?: string[]): { project?: Project; name: string } {
  try {
    const project = loadComposeProject(globals, ctx, services ?? [], { resolveEnv: services !== undefined });
    return { project, name: project.name };
  } catch (err) {
    return { name: nameFromFlag(globals, err) };
  }
}

/**
 * Service names given to a command that reads containers (`logs`, `ps`): with a compose file,
 * each must be one of its services (profile-disabled ones included), as compose refuses them.
 */
export function requireKnownServices(project: Project | undefined, names: string[]): void {
  if (project !== undefined) requireServiceNames(names, [...Object.keys(project.services), ...Object.keys(project.meta.disabledServices ?? {})]);
}

type Options = Parameters<typeof parseCommandLine>[1];

export interface ComposeInvocation<O extends Options> {
  values: ParsedCommandLine<O>['values'];
  positionals: string[];
  globals: ComposeGlobals;
  /** Undefined when there is no compose file and `-p` named the project. */
  project?: Project;
  name: string;
  session: ComposeSession;
}

/**
 * The frame of a compose command: parse (engine flags split off first), find the project, connect,
 * run `fn`, close the client. Errors print as `berth: ...` through the caller's runCommand.
 */
export async function composeCommand<O extends Options>(args: string[], ctx: CommandContext, options: O, fn: (inv: ComposeInvocation<O>) => Promise<number>, opts: { progress?: boolean; anyProject?: boolean; creates?: (positionals: string[]) => string[] } = {}): Promise<number> {
  const { values, globals, positionals } = parseCommandLine(claimShortF(engineConfigFrom(args, ctx).rest, options), options);
  // `ls` lists every project: it needs no compose file
  const target = opts.anyProject ? { name: '' } : projectNameOr(globals, ctx, opts.creates?.(positionals));
  const { client, session } = await connectCompose(args, ctx, { progress: opts.progress ?? false, parallel: globals.parallel });
  try {
    return await fn({ values, positionals, globals, project: target.project, name: target.name, session });
  } finally {
    client.close();
  }
}

/** Commands that need the compose file itself (start, restart, run...). */
export function requireProject(p: Project | undefined): Project {
  if (p === undefined) throw new CoreError('NOT_FOUND', 'no configuration file provided: not found');
  return p;
}

/**
 * `exec web sh -c x`: flags stop at the service name, the rest is the command (as docker's
 * SetInterspersed(false)). `valued` = the command's options that take a value.
 */
export function splitAtService(args: string[], valued: string[]): { head: string[]; tail: string[] } {
  const takes = new Set([...valued, '-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--parallel', '--root', '--host', '-H']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return { head: args.slice(0, i), tail: args.slice(i + 1) };
    if (!a.startsWith('-') || a === '-') return { head: args.slice(0, i + 1), tail: args.slice(i + 1) };
    if (takes.has(a)) i++;
  }
  return { head: args, tail: [] };
}

/**
 * `logs -f` is --follow and `rm -f` --force in compose, while the global -f is --file: a command
 * that declares its own -f gets it (the file is then given as --file).
 */
export function claimShortF(args: string[], options: Options): string[] {
  const own = Object.entries(options).find(([, o]) => (o as { short?: string }).short === 'f')?.[0];
  if (own === undefined) return args;
  const end = args.indexOf('--');
  return args.map((a, i) => (a === '-f' && (end < 0 || i < end) ? `--${own}` : a));
}
