// `berth pause [SERVICE...]`: freeze the running containers (compose pause).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { pauseServices } from '../../core/compose/verbs';

const OPTIONS = {} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ positionals, name, session }) => {
    await pauseServices(session, name, positionals, true);
    return 0;
  });
}

export const help = {
  usage: 'berth pause [SERVICE...]',
  summary: 'Pause services',
  flags: [],
} as const;
