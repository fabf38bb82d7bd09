// `berth unpause [SERVICE...]`: thaw paused containers (compose unpause).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { pauseServices } from '../../core/compose/verbs';

const OPTIONS = {} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ positionals, name, session }) => {
    await pauseServices(session, name, positionals, false);
    return 0;
  });
}

export const help = {
  usage: 'berth unpause [SERVICE...]',
  summary: 'Unpause services',
  flags: [],
} as const;
