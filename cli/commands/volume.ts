// `berth volume create|ls|inspect|rm|prune` with the docker CLI's flags.
import type { CommandContext } from '../context';

const SUB: Record<string, () => Promise<{ run(args: string[], ctx: CommandContext): Promise<number> }>> = {
  create: () => import('./volume-create'),
  ls: () => import('./volume-ls'), list: () => import('./volume-ls'),
  inspect: () => import('./volume-inspect'),
  rm: () => import('./volume-rm'), remove: () => import('./volume-rm'),
  prune: () => import('./volume-prune'),
};

const USAGE = `Usage: berth volume COMMAND

Commands: ${Object.keys(SUB).join(', ')}
Global flags: --root DIR, --host/-H unix:///PATH (or BERTH_ROOT, BERTH_HOST)
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const load = sub ? SUB[sub] : undefined;
  if (!load) {
    const help = !sub || sub === '--help';
    (help ? ctx.stdout : ctx.stderr).write(help ? USAGE : `berth volume: unknown command "${sub}"\n\n${USAGE}`);
    return sub === '--help' ? 0 : 1;
  }
  return (await load()).run(rest, ctx);
}
