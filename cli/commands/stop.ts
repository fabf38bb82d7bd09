// `berth stop [-t N] [SERVICE...]`: stop running containers, dependants first (compose stop).
import { composeCommand, requireProject, type CommandContext } from '../render/compose-setup';
import { stopServices } from '../../core/compose/verbs';
import { seconds } from './up';
const OPTIONS = { timeout: { type: 'string', short: 't' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, project, session }) => {
    await stopServices(session, requireProject(project), positionals, seconds('--timeout', v.timeout));
    return 0;
  });
}

export const help = {
  usage: 'berth stop [OPTIONS] [SERVICE...]',
  summary: 'Stop services',
  flags: [
    ['-t, --timeout int', 'Specify a shutdown timeout in seconds'],
  ],
} as const;
