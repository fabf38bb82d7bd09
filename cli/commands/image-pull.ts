// `berth image pull [OPTIONS] NAME[:TAG|@DIGEST]` (docker pull): the engine pulls, this prints
// its progress and, as docker does, the full name pulled.
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { authFor } from './registry-auth';
import { pullImage } from '../../core/engine/registry';
import { progressMode, progressRenderer } from '../render/pull-progress';
import { formatHelp } from '../help';
import type { CommandContext } from '../context';

export const help = {
  usage: 'berth image pull [OPTIONS] NAME[:TAG|@DIGEST]',
  summary: 'Download an image from a registry',
  flags: [
    ['--platform string', 'Set platform if server is multi-platform capable (os/arch[/variant])'],
    ['--all-platforms', 'Store every platform of a multi-platform image (the host one, or --platform, unpacked), so push sends the whole index'],
    ['-q, --quiet', 'Suppress verbose output'],
    ['--progress string', 'Progress output: auto, tty, plain, json or quiet (default "auto")'],
    ['--disable-content-trust', 'Skip image verification (accepted; Berth has no content trust)'],
    ['-a, --all-tags', 'Download all tagged images in the repository (not supported)'],
  ],
} as const;

const SPEC = {
  platform: { type: 'string' }, 'all-platforms': { type: 'bool' }, quiet: { short: 'q', type: 'bool' }, progress: { type: 'string' },
  'disable-content-trust': { type: 'bool' }, 'all-tags': { short: 'a', type: 'bool' }, help: { short: 'h', type: 'bool' },
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, SPEC);
    if (bool(flags, 'help')) { ctx.stdout.write(formatHelp(help)); return 0; }
    if (positionals.length !== 1) {
      ctx.stderr.write(`berth image pull: requires exactly 1 argument\n\n${formatHelp(help)}`);
      return 1;
    }
    if (bool(flags, 'all-tags')) { ctx.stderr.write('berth image pull: --all-tags is not supported\n'); return 1; }
    const image = positionals[0];
    const quiet = bool(flags, 'quiet');
    const render = progressRenderer(ctx.stdout, progressMode(str(flags, 'progress'), quiet, ctx.stdout));
    await pullImage(client, image, { auth: await authFor(image, ctx), platform: str(flags, 'platform'), allPlatforms: bool(flags, 'all-platforms') }, (m) => render.onMessage(m));
    ctx.stdout.write(`${fullName(image)}\n`);
    return 0;
  } finally {
    client.close();
  }
}

/** docker pull's last line: docker.io/library/busybox:latest */
export function fullName(image: string): string {
  let name = image;
  if (!name.includes('@') && !/:[^/]+$/.test(name)) name += ':latest';
  const first = name.split('/')[0];
  if (!name.includes('/')) return `docker.io/library/${name}`;
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return `docker.io/${name}`;
  return name;
}
