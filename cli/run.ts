// Runs one loaded command and turns its errors into an exit code and a message on stderr.
import type { CommandModule } from './commands/index';
import { formatError } from './format-error';

export async function runCommand(load: () => Promise<CommandModule>, args: string[]): Promise<number> {
  const mod = await load();
  try {
    return await mod.run(args, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
  } catch (err) {
    process.stderr.write(formatError(err) + '\n');
    return 1;
  }
}
