// `berth container COMMAND`: the docker CLI's container commands and flags.
import { nounCommand, type SubcommandLoader } from './noun';

const verb = (name: string): SubcommandLoader => async () => {
  const m = await import('./container-verbs');
  return { run: (args, ctx) => m.runVerb(name, args, ctx) };
};

const SUB: Record<string, SubcommandLoader> = {
  run: () => import('./container-run'), create: () => import('./container-create'),
  ls: () => import('./container-ls'), ps: () => import('./container-ls'), list: () => import('./container-ls'),
  logs: () => import('./container-logs'), exec: () => import('./container-exec'),
  inspect: () => import('./container-inspect'), top: () => import('./container-top'),
  stats: () => import('./container-stats'), cp: () => import('./container-cp'),
  start: verb('start'), stop: verb('stop'), restart: verb('restart'), kill: verb('kill'), rm: verb('rm'),
  remove: verb('rm'), pause: verb('pause'), unpause: verb('unpause'), wait: verb('wait'),
};

export const run = nounCommand('container', SUB);
