// `berth top [SERVICE...]`: the processes of each running container (compose top).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { topOf } from '../../core/compose/listings';
import { table } from '../render/table';

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, {}, async ({ positionals, name, session }) => {
    for (const { name: c, top } of await topOf(session, name, positionals)) {
      ctx.stdout.write(`${c}\n${table([top.Titles, ...top.Processes])}\n`);
    }
    return 0;
  });
}

export const help = {
  usage: 'berth top [SERVICES...]',
  summary: 'Display the running processes',
  flags: [],
} as const;
