// `berth kill [-s SIGNAL] [SERVICE...]`: signal the running containers (compose kill, default SIGKILL).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { killServices } from '../../core/compose/verbs';

const OPTIONS = { signal: { type: 'string', short: 's' }, 'remove-orphans': { type: 'boolean' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, name, session }) => {
    await killServices(session, name, positionals, v.signal ?? 'SIGKILL');
    return 0;
  });
}

export const help = {
  usage: 'berth kill [OPTIONS] [SERVICE...]',
  summary: 'Force stop service containers',
  flags: [
    ['-s, --signal string', 'SIGNAL to send to the container (default "SIGKILL")'],
    ['--remove-orphans', 'Remove containers for services not defined in the Compose file'],
  ],
} as const;
