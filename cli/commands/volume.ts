// `berth volume create|ls|inspect|rm|prune` with the docker CLI's flags.
import { nounCommand, type SubcommandLoader } from './noun';

const SUB: Record<string, SubcommandLoader> = {
  create: () => import('./volume-create'),
  ls: () => import('./volume-ls'), list: () => import('./volume-ls'),
  inspect: () => import('./volume-inspect'),
  rm: () => import('./volume-rm'), remove: () => import('./volume-rm'),
  prune: () => import('./volume-prune'),
};

export const help = {
  usage: 'berth volume COMMAND',
  summary: 'Manage volumes',
  flags: [['--root string', 'Engine state root (default /var/lib/berth, or BERTH_ROOT)'], ['-H, --host string', 'Engine socket, unix:///PATH (or BERTH_HOST)']],
  subcommands: [
    ['create', 'Create a volume'],
    ['ls', 'List volumes (alias: list)'],
    ['inspect', 'Display detailed information on one or more volumes'],
    ['rm', 'Remove one or more volumes (alias: remove)'],
    ['prune', 'Remove unused local volumes'],
  ],
} as const;

export const SUBCOMMANDS = SUB;

export const run = nounCommand('volume', SUB, help);
