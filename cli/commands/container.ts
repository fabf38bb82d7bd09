// `berth container COMMAND`: the docker CLI's container commands and flags.
import type { CommandContext } from '../context';

type Sub = () => Promise<{ run(args: string[], ctx: CommandContext): Promise<number> }>;
const verb = (name: string): Sub => async () => {
  const m = await import('./container-verbs');
  return { run: (args, ctx) => m.runVerb(name, args, ctx) };
};

const SUB: Record<string, Sub> = {
  run: () => import('./container-run'), create: () => import('./container-create'),
  ls: () => import('./container-ls'), ps: () => import('./container-ls'), list: () => import('./container-ls'),
  logs: () => import('./container-logs'), exec: () => import('./container-exec'),
  inspect: () => import('./container-inspect'), top: () => import('./container-top'),
  stats: () => import('./container-stats'), cp: () => import('./container-cp'),
  start: verb('start'), stop: verb('stop'), restart: verb('restart'), kill: verb('kill'), rm: verb('rm'),
  remove: verb('rm'), pause: verb('pause'), unpause: verb('unpause'), wait: verb('wait'),
};

const USAGE = `Usage: berth container COMMAND

Commands: ${Object.keys(SUB).join(', ')}
Global flags: --root DIR, --host/-H unix:///PATH (or BERTH_ROOT, BERTH_HOST)
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  const load = sub ? SUB[sub] : undefined;
  if (!load) {
    if (sub === '--help' || sub === '-h') { ctx.stdout.write(USAGE); return 0; }
    ctx.stderr.write(sub ? `berth container: unknown command "${sub}"\n\n${USAGE}` : USAGE);
    return 1;
  }
  return (await load()).run(rest, ctx);
}
