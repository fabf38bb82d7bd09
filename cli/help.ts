// `--help` for every command, as `docker compose` and the docker CLI answer it: each command module
// exports `help` (usage, summary, every flag it takes; nouns list their subcommands), and the
// dispatch (cli/run.ts, cli/commands/noun.ts) prints it instead of running the command.

/** One flag: its spelling with the value's type (`-t, --timeout int`) and what it does. */
export type FlagHelp = readonly [spelling: string, description: string];

export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  readonly flags: readonly FlagHelp[];
  readonly subcommands?: readonly (readonly [name: string, summary: string])[];
}

/** The engine flags every engine-backed command takes (engine-connect.ts, takeEngineFlags). */
export const ENGINE_FLAGS: readonly FlagHelp[] = [
  ['--root string', 'Engine state root (default /var/lib/berth, or BERTH_ROOT)'],
  ['-H, --host string', 'Engine socket, unix:///PATH (or BERTH_HOST)'],
];

/** Compose's global flags, taken before or after the command (cli/args/compose-flags.ts). */
export const COMPOSE_FLAGS: readonly FlagHelp[] = [
  ['-f, --file stringArray', 'Compose configuration files'],
  ['-p, --project-name string', 'Project name'],
  ['--project-directory string', 'Specify an alternate working directory (default: the path of the first specified Compose file)'],
  ['--env-file stringArray', 'Specify an alternate environment file'],
  ['--profile stringArray', 'Specify a profile to enable'],
  ['--parallel int', 'Control max parallelism, -1 for unlimited (default -1)'],
];

/**
 * Commands whose arguments after the first positional belong to a container (`run busybox ls -h`),
 * as cobra's SetInterspersed(false): `--help` there asks the container, not Berth.
 */
const STOPS_AT_POSITIONAL = new Set(['run', 'exec', 'container run', 'container create', 'container exec']);

/** The long and short names of a spelling: `-t, --timeout int` → ['-t', '--timeout']; and whether it takes a value. */
function flagNames(spelling: string): { names: string[]; valued: boolean } {
  const words = spelling.split(/[\s,]+/).filter((w) => w !== '');
  return { names: words.filter((w) => w.startsWith('-')), valued: words.some((w) => !w.startsWith('-')) };
}

/** True when argv asks for help: `--help`, or `-h` where the command gives `-h` no meaning of its own. */
export function wantsHelp(args: readonly string[], help: CommandHelp, command: string): boolean {
  const own = help.flags.map((f) => flagNames(f[0]));
  const ownNames = new Set(own.flatMap((f) => f.names));
  const shortH = ownNames.has('-h');
  // The command's own flag wins over a global one of the same name (logs' -f is --follow, not --file).
  const global = [...ENGINE_FLAGS, ...COMPOSE_FLAGS].map((f) => flagNames(f[0])).map((f) => ({ ...f, names: f.names.filter((n) => !ownNames.has(n)) }));
  const valued = new Set([...own, ...global].filter((f) => f.valued).flatMap((f) => f.names));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return false;
    if (a === '--help' || (a === '-h' && !shortH)) return true;
    if (a.startsWith('-') && a !== '-') {
      if (valued.has(a)) i++;
      continue;
    }
    if (STOPS_AT_POSITIONAL.has(command)) return false;
  }
  return false;
}

/** The text `berth CMD --help` prints, laid out as cobra's usage template. */
export function formatHelp(help: CommandHelp): string {
  const out = [`Usage:  ${help.usage}`, '', help.summary, ''];
  if (help.subcommands && help.subcommands.length > 0) out.push('Commands:', ...table(help.subcommands), '');
  if (help.flags.length > 0) out.push('Options:', ...table(help.flags), '');
  if (help.subcommands) {
    const prefix = help.usage.split(/\s+/).filter((w) => /^[a-z][\w-]*$/.test(w)).join(' ');
    out.push(`Run '${prefix} COMMAND --help' for more information on a command.`, '');
  }
  return out.join('\n');
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}   ${b}`);
}
