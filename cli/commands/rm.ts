// `berth rm [-f] [-s] [-v] [SERVICE...]`: remove stopped service containers (compose rm; -f skips the question, which berth never asks).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { removeStopped } from '../../core/compose/verbs';

const OPTIONS = { force: { type: 'boolean', short: 'f' }, stop: { type: 'boolean', short: 's' }, volumes: { type: 'boolean', short: 'v' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, name, session }) => {
    const gone = await removeStopped(session, name, positionals, { stop: v.stop === true, volumes: v.volumes === true });
    if (gone.length === 0) ctx.stderr.write('No stopped containers\n');
    for (const n of gone) ctx.stderr.write(` Container ${n}  Removed\n`);
    return 0;
  });
}

export const help = {
  usage: 'berth rm [OPTIONS] [SERVICE...]',
  summary: 'Removes stopped service containers',
  flags: [
    ['-f, --force', "Don't ask to confirm removal"],
    ['-s, --stop', 'Stop the containers, if required, before removing'],
    ['-v, --volumes', 'Remove any anonymous volumes attached to containers'],
  ],
} as const;
