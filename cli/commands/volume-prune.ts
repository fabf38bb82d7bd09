// `berth volume prune [-f] [-a] [--filter F]`: removes unused anonymous volumes (every unused one
// with --all, sent as the `all=true` filter as docker CLI 23+ does against API 1.42+).
import { VolumeApi } from '../../core/engine/index';
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs } from './engine-args';
import { humanSize } from './engine-format';
import { filtersFrom } from './kv-flags';
import { confirmPrune } from './prune-confirm';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags } = parseArgs(rest, { force: { short: 'f', type: 'bool' }, all: { short: 'a', type: 'bool' }, filter: { type: 'list' } });
    const all = bool(flags, 'all');
    if (!bool(flags, 'force') && !(await confirmPrune(all ? 'all local volumes not used by at least one container' : 'all anonymous local volumes not used by at least one container'))) {
      ctx.stderr.write('berth volume prune: not confirmed (use -f to skip the question)\n');
      return 1;
    }
    const filters = filtersFrom(list(flags, 'filter'));
    if (all) filters.all = ['true'];
    const res = await new VolumeApi(client.transport).prune(Object.keys(filters).length ? filters : undefined);
    const deleted = res.VolumesDeleted ?? [];
    if (deleted.length) ctx.stdout.write(`Deleted Volumes:\n${deleted.map((n) => n + '\n').join('')}\n`);
    ctx.stdout.write(`Total reclaimed space: ${humanSize(res.SpaceReclaimed)}\n`);
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth volume prune [OPTIONS]',
  summary: 'Remove unused local volumes',
  flags: [
    ['-a, --all', 'Remove all unused volumes, not just anonymous ones'],
    ['-f, --force', 'Do not prompt for confirmation'],
    ['--filter filter', 'Provide filter values (e.g. "label=<label>")'],
  ],
} as const;
