// `berth image ls|load|save|import|rm|inspect|tag|history|prune` with the docker CLI's flags.
import { nounCommand, type SubcommandLoader } from './noun';

const SUB: Record<string, SubcommandLoader> = {
  ls: () => import('./image-ls'), list: () => import('./image-ls'),
  load: () => import('./image-load'), save: () => import('./image-save'), import: () => import('./image-import'),
  rm: () => import('./image-rm'), remove: () => import('./image-rm'),
  inspect: () => import('./image-inspect'), tag: () => import('./image-tag'),
  history: () => import('./image-history'), prune: () => import('./image-prune'),
  build: () => import('./image-build'),
};

export const run = nounCommand('image', SUB);
