// `berth image push [OPTIONS] NAME[:TAG]` (docker push).
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { authFor } from './registry-auth';
import { formatHelp } from '../help';
import { pushImage } from '../../core/engine/registry';
import { progressMode, progressRenderer } from '../render/pull-progress';
import type { CommandContext } from '../context';
import type { EngineClient } from '../../core/engine/index';
import { fullName } from './image-pull';

export const help = {
  usage: 'berth image push [OPTIONS] NAME[:TAG]',
  summary: 'Upload an image to a registry',
  flags: [
    ['-q, --quiet', 'Suppress verbose output'],
    ['--progress string', 'Progress output: auto, tty, plain, json or quiet (default "auto")'],
    ['--disable-content-trust', 'Skip image signing (accepted; Berth has no content trust)'],
    ['-a, --all-tags', 'Push all tags of an image to the repository'],
    ['--platform string', 'Push only this platform (os/arch[/variant]) of a multi-platform image, not the whole index'],
  ],
} as const;

const SPEC = {
  quiet: { short: 'q', type: 'bool' }, progress: { type: 'string' }, 'disable-content-trust': { type: 'bool' },
  'all-tags': { short: 'a', type: 'bool' }, platform: { type: 'string' }, help: { short: 'h', type: 'bool' },
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
    const image = positionals[0];
    const refs = bool(flags, 'all-tags') ? await allTags(client, image) : [image];
    if (typeof refs === 'string') { ctx.stderr.write(`berth image push: ${refs}\n`); return 1; }
    const render = progressRenderer(ctx.stdout, progressMode(str(flags, 'progress'), bool(flags, 'quiet'), ctx.stdout));
    const auth = await authFor(image, ctx);
    // One after the other, as docker push -a: later tags find their layers already there.
    for (const ref of refs) await pushImage(client, ref, { auth, platform: str(flags, 'platform') }, (m) => render.onMessage(m));
    return 0;
  } finally {
    client.close();
  }
}

/** Every local tag of `image`'s repository (docker push --all-tags), or why there is none. */
async function allTags(client: EngineClient, image: string): Promise<string[] | string> {
  const repoOf = (name: string): string => fullName(name).replace(/:[^:/]+$/, '');
  if (/:[^:/]+$/.test(image) || image.includes('@')) return 'tag can\'t be used with --all-tags/-a';
  const repo = repoOf(image);
  const tags = new Set((await client.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => repoOf(t) === repo));
  if (tags.size === 0) return `An image does not exist locally with the tag: ${image}`;
  return [...tags].sort();
}
