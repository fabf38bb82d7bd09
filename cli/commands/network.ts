// `berth network create|ls|inspect|rm|prune|connect|disconnect` with the docker CLI's flags.
import { nounCommand, type SubcommandLoader } from './noun';

const SUB: Record<string, SubcommandLoader> = {
  create: () => import('./network-create'),
  ls: () => import('./network-ls'), list: () => import('./network-ls'),
  inspect: () => import('./network-inspect'),
  rm: () => import('./network-rm'), remove: () => import('./network-rm'),
  prune: () => import('./network-prune'),
  connect: () => import('./network-connect'), disconnect: () => import('./network-disconnect'),
};

export const help = {
  usage: 'berth network COMMAND',
  summary: 'Manage networks',
  flags: [['--root string', 'Engine state root (default /var/lib/berth, or BERTH_ROOT)'], ['-H, --host string', 'Engine socket, unix:///PATH (or BERTH_HOST)']],
  subcommands: [
    ['create', 'Create a network'],
    ['ls', 'List networks (alias: list)'],
    ['inspect', 'Display detailed information on one or more networks'],
    ['rm', 'Remove one or more networks (alias: remove)'],
    ['prune', 'Remove all unused networks'],
    ['connect', 'Connect a container to a network'],
    ['disconnect', 'Disconnect a container from a network'],
  ],
} as const;

export const SUBCOMMANDS = SUB;

export const run = nounCommand('network', SUB, help);
