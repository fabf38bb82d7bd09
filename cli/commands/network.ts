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

export const run = nounCommand('network', SUB);
