// `berth image push [OPTIONS] NAME[:TAG]` (docker push).
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { authFor } from './registry-auth';
import { formatHelp } from '../help';
import { pushImage } from '../../core/engine/registry';
import { progressMode, progressRenderer } from '../render/pull-progress';
import type { CommandContext } from '../context';

export const help = {
  usage: 'berth image push [OPTIONS] NAME[:TAG]',
  summary: 'Upload an image to a registry',
  flags: [
    ['-q, --quiet', 'Suppress verbose output'],
    ['--progress string', 'Progress output: auto, tty, plain, json or quiet (default "auto")'],
    ['--disable-content-trust', 'Skip image signing (accepted; Berth has no content trust)'],
    ['-a, --all-tags', 'Push all tags of an image to the repository (not supported)'],
  ],
} as const;

const SPEC = {
  quiet: { short: 'q', type: 'bool' }, progress: { type: 'string' }, 'disable-content-trust': { type: 'bool' },
  'all-tags': { short: 'a', type: 'bool' }, help: { short: 'h', type: 'bool' },
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, SPEC);
    if (bool(flags, 'help')) { ctx.stdout.write(formatHelp(help)); return 0; }
    if (positionals.length !== 1) {
      ctx.stderr.write(`berth image push: requires exactly 1 argument\n\n${formatHelp(help)}`);
      return 1;
    }
    if (bool(flags, 'all-tags')) { ctx.stderr.write('berth image push: --all-tags is not supported\n'); return 1; }
    const image = positionals[0];
    const render = progressRenderer(ctx.stdout, progressMode(str(flags, 'progress'), bool(flags, 'quiet'), ctx.stdout));
    await pushImage(client, image, { auth: await authFor(image, ctx) }, (m) => render.onMessage(m));
    return 0;
  } finally {
    client.close();
  }
}
