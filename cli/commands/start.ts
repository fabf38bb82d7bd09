// `berth start [SERVICE...]`: start existing containers in dependency order (compose start).
import { composeCommand, requireProject, type CommandContext } from '../render/compose-setup';
import { startServices } from '../../core/compose/verbs';

const OPTIONS = {} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ positionals, project, session }) => {
    await startServices(session, requireProject(project), positionals);
    return 0;
  });
}

export const help = {
  usage: 'berth start [SERVICE...]',
  summary: 'Start services',
  flags: [],
} as const;
