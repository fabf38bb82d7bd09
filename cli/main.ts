// berth: argv -> command. Each command lives in its own file under cli/commands and is loaded
// on demand, so `berth --version` does not pay for the whole program.
import { COMMANDS } from './commands/index';
import { VERSION } from './version';
import { runCommand } from './run';
import { splitCommand } from './args/compose-flags';

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v' || first === 'version') {
    process.stdout.write(`berth version ${VERSION}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage());
    return first === undefined ? 1 : 0;
  }
  // Compose's global flags may come before the command (`berth -f x.yaml config`): the command is
  // the first word that is not a flag or a flag's value, and the flags go along with its own.
  const { command, args } = splitCommand(argv);
  const load = command === undefined ? undefined : COMMANDS[command];
  if (!load) {
    process.stderr.write(`berth: unknown command "${command ?? first}"\n\n${usage()}`);
    return 1;
  }
  return runCommand(load, args);
}

function usage(): string {
  const names = Object.keys(COMMANDS).sort().join(', ');
  return `Usage: berth [--version] COMMAND [OPTIONS]\n\nCommands: ${names}\n`;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`berth: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
