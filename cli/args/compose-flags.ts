// Compose's global flags (-f, -p, --project-directory, --env-file, --profile), accepted before
// or after the command name as `docker compose` accepts them, parsed with node's util.parseArgs.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CoreError } from '../../core/errors';

export interface ComposeGlobals {
  files: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles: string[];
  profiles: string[];
  /** `--parallel N` (-1 = unlimited, compose's default); undefined when not given. */
  parallel?: number;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  'project-directory': { type: 'string' },
  'env-file': { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  parallel: { type: 'string' },
} as const satisfies Options;

/** Global flags that take a value, for splitting argv before the command name is known. */
const VALUED = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--parallel']);

/** `berth -f a.yaml config --services` → the command and every other argument, order kept. */
export function splitCommand(argv: readonly string[]): { command?: string; args: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED.has(a)) { i++; continue; }
    if (a.startsWith('-')) continue;
    return { command: a, args: [...argv.slice(0, i).map(longForm), ...argv.slice(i + 1)] };
  }
  return { args: [...argv] };
}

/** Before the command, `-f`/`-p` are always compose's file/project: spell them out, since some
 * commands give the short letters their own meaning after them (`logs -f` follows, `rm -f` forces). */
function longForm(arg: string): string {
  if (arg === '-f') return '--file';
  if (arg === '-p') return '--project-name';
  return arg;
}

export interface ParsedCommandLine<O extends Options> {
  globals: ComposeGlobals;
  values: { [K in keyof O]?: O[K] extends { multiple: true } ? string[] : O[K] extends { type: 'boolean' } ? boolean : string };
  positionals: string[];
}

/** Parse a command's own options together with the global ones; unknown flags are errors. */
export function parseCommandLine<O extends Options>(args: readonly string[], options: O): ParsedCommandLine<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CoreError('INVALID_ARGUMENT', (err as Error).message, { cause: err });
  }
  const v = parsed.values as Record<string, unknown>;
  const globals: ComposeGlobals = {
    files: (v.file as string[] | undefined) ?? [],
    projectName: v['project-name'] as string | undefined,
    projectDirectory: v['project-directory'] as string | undefined,
    envFiles: (v['env-file'] as string[] | undefined) ?? [],
    profiles: ((v.profile as string[] | undefined) ?? []).flatMap((p) => p.split(',')).filter((p) => p !== ''),
    parallel: v.parallel === undefined ? undefined : parallelLimit(v.parallel as string, '--parallel'),
  };
  return { globals, values: v as ParsedCommandLine<O>['values'], positionals: parsed.positionals };
}

/**
 * Compose's parallelism: `--parallel N` or COMPOSE_PARALLEL_LIMIT; -1 (the default) is unlimited.
 * Returns the executor's concurrency (Infinity for unlimited).
 */
export function parallelLimit(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n === 0 || n < -1) throw new CoreError('INVALID_ARGUMENT', `invalid ${what} value "${text}": a positive integer or -1 (unlimited)`);
  return n === -1 ? Infinity : n;
}
