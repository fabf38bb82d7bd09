// `berth container logs [-f] [-t] [--since T] [--until T] [-n N] CONTAINER`
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { demuxStream, rawStream } from '../../core/engine/index';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, {
      follow: { short: 'f', type: 'bool' }, timestamps: { short: 't', type: 'bool' }, since: { type: 'string' },
      until: { type: 'string' }, tail: { short: 'n', type: 'string' }, details: { type: 'bool' },
    });
    if (positionals.length !== 1) {
      ctx.stderr.write('berth container logs: requires exactly 1 argument\n');
      return 1;
    }
    const c = client.getContainer(positionals[0]);
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    try {
      const { stream, multiplexed } = await c.logs({
        stdout: true, stderr: true, follow: bool(flags, 'follow'), timestamps: bool(flags, 'timestamps'),
        since: str(flags, 'since'), until: str(flags, 'until'), tail: str(flags, 'tail') ?? 'all',
      }, abort.signal);
      await (multiplexed ? demuxStream(stream, ctx.stdout, ctx.stderr) : rawStream(stream, ctx.stdout)).catch((err: Error) => {
        if (!abort.signal.aborted) throw err;
      });
    } finally {
      process.off('SIGINT', stop);
    }
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth container logs [OPTIONS] CONTAINER',
  summary: 'Fetch the logs of a container',
  flags: [
    ['-f, --follow', 'Follow log output'],
    ['-t, --timestamps', 'Show timestamps'],
    ['--since string', 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'],
    ['--until string', 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)'],
    ['-n, --tail string', 'Number of lines to show from the end of the logs (default "all")'],
    ['--details', 'Show extra details provided to logs'],
  ],
} as const;
