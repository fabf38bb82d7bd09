// `berth image ls|load|save|import|rm|inspect|tag|history|prune|pull|push` with the docker CLI's flags.
import { nounCommand, type SubcommandLoader } from './noun';

const SUB: Record<string, SubcommandLoader> = {
  ls: () => import('./image-ls'), list: () => import('./image-ls'),
  load: () => import('./image-load'), save: () => import('./image-save'), import: () => import('./image-import'),
  rm: () => import('./image-rm'), remove: () => import('./image-rm'),
  inspect: () => import('./image-inspect'), tag: () => import('./image-tag'),
  history: () => import('./image-history'), prune: () => import('./image-prune'),
  pull: () => import('./image-pull'), push: () => import('./image-push'),
  build: () => import('./image-build'),
};

export const help = {
  usage: 'berth image COMMAND',
  summary: 'Manage images',
  flags: [['--root string', 'Engine state root (default /var/lib/berth, or BERTH_ROOT)'], ['-H, --host string', 'Engine socket, unix:///PATH (or BERTH_HOST)']],
  subcommands: [
    ['ls', 'List images (alias: list)'],
    ['load', 'Load an image from a tar archive or STDIN'],
    ['save', 'Save one or more images to a tar archive (streamed to STDOUT by default)'],
    ['import', 'Import the contents from a tarball to create a filesystem image'],
    ['rm', 'Remove one or more images (alias: remove)'],
    ['inspect', 'Display detailed information on one or more images'],
    ['tag', 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE'],
    ['history', 'Show the history of an image'],
    ['prune', 'Remove unused images'],
  ],
} as const;

export const SUBCOMMANDS = SUB;

export const run = nounCommand('image', SUB, help);
