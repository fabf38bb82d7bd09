// `berth restart [-t N] [SERVICE...]`: restart services and their `restart: true` dependants (compose restart).
import { composeCommand, requireProject, type CommandContext } from '../render/compose-setup';
import { restartServices } from '../../core/compose/verbs';
import { seconds } from './up';
import { restartProgress } from '../render/progress-lines';
const OPTIONS = { timeout: { type: 'string', short: 't' }, 'no-deps': { type: 'boolean' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, project, session }) => {
    await restartServices({ ...session, onProgress: restartProgress(session.onProgress) }, requireProject(project), positionals, seconds('--timeout', v.timeout));
    return 0;
  }, { progress: true });
}

export const help = {
  usage: 'berth restart [OPTIONS] [SERVICE...]',
  summary: 'Restart service containers',
  flags: [
    ['-t, --timeout int', 'Specify a shutdown timeout in seconds'],
    ['--no-deps', "Don't restart dependent services"],
  ],
} as const;
