// `berth image ls|load|save|import|rm|inspect|tag|history|prune` with the docker CLI's flags.
import type { CommandContext } from '../context';

const SUB: Record<string, () => Promise<{ run(args: string[], ctx: CommandContext): Promise<number> }>> = {
  ls: () => import('./image-ls'), list: () => import('./image-ls'),
  load: () => import('./image-load'), save: () => import('./image-save'), import: () => import('./image-import'),
  rm: () => import('./image-rm'), remove: () => import('./image-rm'),
  inspect: () => import('./image-inspect'), tag: () => import('./image-tag'),
  history: () => import('./image-history'), prune: () => import('./image-prune'),
};

const USAGE = `Usage: berth image COMMAND

Commands: ${Object.keys(SUB).join(', ')}
Global flags: --root DIR, --host/-H unix:///PATH (or BERTH_ROOT, BERTH_HOST)
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const load = sub ? SUB[sub] : undefined;
  if (!load) {
    (sub && sub !== '--help' ? ctx.stderr : ctx.stdout).write(sub && sub !== '--help' ? `berth image: unknown command "${sub}"\n\n${USAGE}` : USAGE);
    return sub === '--help' ? 0 : 1;
  }
  return (await load()).run(rest, ctx);
}
