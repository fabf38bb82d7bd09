// Runs one loaded command and turns its errors into an exit code and a message on stderr.
// `--help` (or `-h`, where the command gives it no meaning) prints the command's help instead.
import type { CommandModule } from './commands/index';
import { formatError } from './format-error';
import { formatHelp, wantsHelp } from './help';

export async function runCommand(load: () => Promise<CommandModule>, args: string[], name: string): Promise<number> {
  const mod = await load();
  // A noun (help with subcommands) answers --help itself, after its subcommand's name (noun.ts).
  if (mod.help && !mod.help.subcommands && wantsHelp(args, mod.help, name)) {
    process.stdout.write(formatHelp(mod.help));
    return 0;
  }
  try {
    return await mod.run(args, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
  } catch (err) {
    process.stderr.write(formatError(err) + '\n');
    return 1;
  }
}
