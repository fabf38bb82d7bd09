// `berth unpause [SERVICE...]`: thaw paused containers (compose unpause).
import type { CommandContext } from './index';
import { composeCommand } from '../render/compose-setup';
import { pauseServices } from '../../core/compose/verbs';

const OPTIONS = {} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ positionals, name, session }) => {
    await pauseServices(session, name, positionals, false);
    return 0;
  });
}
