// `berth volume create|ls|inspect|rm|prune` with the docker CLI's flags.
import { nounCommand, type SubcommandLoader } from './noun';

const SUB: Record<string, SubcommandLoader> = {
  create: () => import('./volume-create'),
  ls: () => import('./volume-ls'), list: () => import('./volume-ls'),
  inspect: () => import('./volume-inspect'),
  rm: () => import('./volume-rm'), remove: () => import('./volume-rm'),
  prune: () => import('./volume-prune'),
};

export const run = nounCommand('volume', SUB);
