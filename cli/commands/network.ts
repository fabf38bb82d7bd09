// `berth network create|ls|inspect|rm|prune|connect|disconnect` with the docker CLI's flags.
import type { CommandContext } from '../context';

const SUB: Record<string, () => Promise<{ run(args: string[], ctx: CommandContext): Promise<number> }>> = {
  create: () => import('./network-create'),
  ls: () => import('./network-ls'), list: () => import('./network-ls'),
  inspect: () => import('./network-inspect'),
  rm: () => import('./network-rm'), remove: () => import('./network-rm'),
  prune: () => import('./network-prune'),
  connect: () => import('./network-connect'), disconnect: () => import('./network-disconnect'),
};

const USAGE = `Usage: berth network COMMAND

Commands: ${Object.keys(SUB).join(', ')}
Global flags: --root DIR, --host/-H unix:///PATH (or BERTH_ROOT, BERTH_HOST)
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const load = sub ? SUB[sub] : undefined;
  if (!load) {
    const help = !sub || sub === '--help';
    (help ? ctx.stdout : ctx.stderr).write(help ? USAGE : `berth network: unknown command "${sub}"\n\n${USAGE}`);
    return sub === '--help' ? 0 : 1;
  }
  return (await load()).run(rest, ctx);
}
