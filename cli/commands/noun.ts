// A management command (`berth container|image|network|volume SUBCOMMAND`), as the docker CLI's:
// each subcommand loads lazily; no subcommand prints usage (exit 1), `--help` prints it (exit 0),
// and `SUBCOMMAND --help` prints the subcommand's own help (cli/help.ts).
import type { CommandContext } from '../context';
import { formatHelp, wantsHelp, type CommandHelp } from '../help';

export type SubcommandLoader = () => Promise<{ run(args: string[], ctx: CommandContext): Promise<number>; help?: CommandHelp }>;

export function nounCommand(noun: string, subs: Record<string, SubcommandLoader>, help?: CommandHelp) {
  const usage = help ? formatHelp(help) : `Usage: berth ${noun} COMMAND

Commands: ${Object.keys(subs).join(', ')}
Global flags: --root DIR, --host/-H unix:///PATH (or BERTH_ROOT, BERTH_HOST)
`;
  return async function run(args: string[], ctx: CommandContext): Promise<number> {
    const [sub, ...rest] = args;
    const load = sub !== undefined && Object.hasOwn(subs, sub) ? subs[sub] : undefined;
    if (!load) {
      if (sub === '--help' || sub === '-h') { ctx.stdout.write(usage); return 0; }
      ctx.stderr.write(sub ? `berth ${noun}: unknown command "${sub}"\n\n${usage}` : usage);
      return 1;
    }
    const mod = await load();
    if (mod.help && wantsHelp(rest, mod.help, `${noun} ${sub}`)) {
      ctx.stdout.write(formatHelp(mod.help));
      return 0;
    }
    return mod.run(rest, ctx);
  };
}
