// `berth image prune [-a] [-f] [--filter F]`: removes dangling images (all unused with -a), then
// collects unreferenced blobs and layers. Without -f it asks, as docker does, when stdin is a TTY.
import { createInterface } from 'node:readline/promises';
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs } from './engine-args';
import { humanSize } from './engine-format';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags } = parseArgs(rest, { all: { short: 'a', type: 'bool' }, force: { short: 'f', type: 'bool' }, filter: { type: 'list' } });
    const all = bool(flags, 'all');
    if (!bool(flags, 'force') && !(await confirm(all))) {
      ctx.stderr.write('berth image prune: not confirmed (use -f to skip the question)\n');
      return 1;
    }
    const filters: Record<string, string[]> = { dangling: [all ? 'false' : 'true'] };
    for (const f of list(flags, 'filter')) {
      const eq = f.indexOf('=');
      (filters[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
    }
    const res = await client.pruneImages(filters);
    if (res.ImagesDeleted?.length) {
      ctx.stdout.write('Deleted Images:\n');
      for (const i of res.ImagesDeleted) ctx.stdout.write(i.Untagged ? `untagged: ${i.Untagged}\n` : `deleted: ${i.Deleted}\n`);
      ctx.stdout.write('\n');
    }
    ctx.stdout.write(`Total reclaimed space: ${humanSize(res.SpaceReclaimed)}\n`);
    return 0;
  } finally {
    client.close();
  }
}

async function confirm(all: boolean): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const what = all ? 'all images without at least one container associated to them' : 'all dangling images';
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const a = await rl.question(`WARNING! This will remove ${what}.\nAre you sure you want to continue? [y/N] `);
    return /^y(es)?$/i.test(a.trim());
  } finally {
    rl.close();
  }
}

export const help = {
  usage: 'berth image prune [OPTIONS]',
  summary: 'Remove unused images',
  flags: [
    ['-a, --all', 'Remove all unused images, not just dangling ones'],
    ['-f, --force', 'Do not prompt for confirmation'],
    ['--filter filter', 'Provide filter values (e.g. "until=<timestamp>")'],
  ],
} as const;
