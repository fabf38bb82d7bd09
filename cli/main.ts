// berth: argv -> command. Each command lives in its own file under cli/commands and is loaded
// on demand, so `berth --version` does not pay for the whole program.
import { restoreExtraCaCerts } from './extra-ca-certs';
import type { CommandModule } from './commands/index';
import { VERSION } from './version';
import { runCommand } from './run';
import { splitCommand } from './args/compose-flags';

// First: bin/berth started node without NODE_EXTRA_CA_CERTS (parsing it costs ~40 ms here and the
// CLI speaks no TLS); put it back before anything can start a child (the daemon, hooks), so they
// see the user's environment unchanged. See extra-ca-certs.ts.
restoreExtraCaCerts(process.env);

// The commands a user waits on most bypass the command table (and the noun's dispatch):
// scripts/build.mjs bundles each into one CommonJS file of its own (it matches these import
// specifiers) loaded through V8's code cache, so each loads one file, without the ESM loader,
// instead of a dozen chunks in three rounds of import. Add a command here and to HOT there.
const HOT: Record<string, () => Promise<CommandModule>> = {
  'container run': () => import('./commands/container-run'),
  'container create': () => import('./commands/container-create'),
  up: () => import('./commands/up'),
  down: () => import('./commands/down'),
  'image build': () => import('./commands/image-build'),
  'image pull': () => import('./commands/image-pull'),
  dash: () => import('./commands/dash'),
};

function hotCommand(command: string | undefined, args: string[]): { load: () => Promise<CommandModule>; args: string[]; name: string } | undefined {
  const noun = command === 'container' || command === 'image';
  const key = noun ? `${command} ${args[0]}` : command;
  if (key === undefined || !Object.hasOwn(HOT, key)) return undefined;
  return { load: HOT[key], args: noun ? args.slice(1) : args, name: key };
}

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v' || first === 'version') {
    process.stdout.write(`berth version ${VERSION}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || (first === 'help' && argv.length === 1)) {
    process.stdout.write(await usage());
    return first === undefined ? 1 : 0;
  }
  // `berth help container run` is `berth container run --help`, as docker's `help` command.
  if (first === 'help') return main([...argv.slice(1), '--help']);
  // Compose's global flags may come before the command (`berth -f x.yaml config`): the command is
  // the first word that is not a flag or a flag's value, and the flags go along with its own.
  const { command, args } = splitCommand(argv);
  if (command === undefined && (args.includes('--help') || args.includes('-h'))) {
    process.stdout.write(await usage());
    return 0;
  }
  const hot = hotCommand(command, args);
  if (hot) return runCommand(hot.load, hot.args, hot.name);
  // The table is loaded only here: --version and the hot commands never need it.
  const { COMMANDS } = await import('./commands/index');
  const load = command === undefined ? undefined : COMMANDS[command];
  if (!load || command === undefined) {
    process.stderr.write(`berth: unknown command "${command ?? first}"\n\n${await usage()}`);
    return 1;
  }
  return runCommand(load, args, command);
}

async function usage(): Promise<string> {
  const { COMMANDS } = await import('./commands/index');
  const { formatHelp, COMPOSE_FLAGS, ENGINE_FLAGS } = await import('./help');
  const names = Object.keys(COMMANDS).sort();
  const mods = await Promise.all(names.map((n) => COMMANDS[n]!()));
  return formatHelp({
    usage: 'berth [OPTIONS] COMMAND',
    summary: 'Define and run multi-container applications, on Berth\'s own engine',
    subcommands: names.map((n, i) => [n, mods[i]!.help?.summary ?? ''] as const),
    flags: [...COMPOSE_FLAGS, ...ENGINE_FLAGS, ['-v, --version', 'Show the Berth version information']],
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`berth: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
