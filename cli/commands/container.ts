// `berth container COMMAND`: the docker CLI's container commands and flags.
import { nounCommand, type SubcommandLoader } from './noun';

const verb = (name: string): SubcommandLoader => async () => {
  const m = await import('./container-verbs');
  return { run: (args, ctx) => m.runVerb(name, args, ctx), help: m.VERB_HELP[name as keyof typeof m.VERB_HELP] };
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

export const help = {
  usage: 'berth container COMMAND',
  summary: 'Manage containers',
  flags: [['--root string', 'Engine state root (default /var/lib/berth, or BERTH_ROOT)'], ['-H, --host string', 'Engine socket, unix:///PATH (or BERTH_HOST)']],
  subcommands: [
    ['run', 'Create and run a new container from an image'],
    ['create', 'Create a new container'],
    ['ls', 'List containers (aliases: ps, list)'],
    ['logs', 'Fetch the logs of a container'],
    ['exec', 'Execute a command in a running container'],
    ['inspect', 'Display detailed information on one or more containers'],
    ['top', 'Display the running processes of a container'],
    ['stats', 'Display a live stream of container(s) resource usage statistics'],
    ['cp', 'Copy files/folders between a container and the local filesystem'],
    ['start', 'Start one or more stopped containers'],
    ['stop', 'Stop one or more running containers'],
    ['restart', 'Restart one or more containers'],
    ['kill', 'Kill one or more running containers'],
    ['rm', 'Remove one or more containers (alias: remove)'],
    ['pause', 'Pause all processes within one or more containers'],
    ['unpause', 'Unpause all processes within one or more containers'],
    ['wait', 'Block until one or more containers stop, then print their exit codes'],
  ],
} as const;

export const SUBCOMMANDS = SUB;

export const run = nounCommand('container', SUB, help);
