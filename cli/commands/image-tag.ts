// `berth image tag SOURCE TARGET[:TAG]`
import { connectEngine } from './engine-connect';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const [source, target] = rest;
    if (!source || !target || rest.length !== 2) {
      ctx.stderr.write('berth image tag: requires exactly 2 arguments: SOURCE TARGET\n');
      return 1;
    }
    const colon = target.lastIndexOf(':');
    const slash = target.lastIndexOf('/');
    const [repo, tag] = colon > slash ? [target.slice(0, colon), target.slice(colon + 1)] : [target, undefined];
    await client.getImage(source).tag({ repo, tag });
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  flags: [],
} as const;
