// `berth network ls [-q] [--no-trunc] [-f FILTER] [--format F]`: NETWORK ID / NAME / DRIVER / SCOPE,
// sorted by name as the docker CLI sorts them.
import { NetworkApi } from '../../core/engine/index';
import type { NetworkResource } from '../../runtime/api/types';
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs, str } from './engine-args';
import { formatWith, shortId, table } from './engine-format';
import { filtersFrom, labelString } from './kv-flags';
import type { CommandContext } from './engine-context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags } = parseArgs(rest, {
      quiet: { short: 'q', type: 'bool' }, 'no-trunc': { type: 'bool' }, filter: { short: 'f', type: 'list' }, format: { type: 'string' },
    });
    const filters = filtersFrom(list(flags, 'filter'));
    const nets = (await new NetworkApi(client.transport).list(Object.keys(filters).length ? filters : undefined))
      .sort((a, b) => a.Name.localeCompare(b.Name));
    const rows = nets.map((n) => networkRow(n, bool(flags, 'no-trunc')));
    const format = str(flags, 'format');
    if (bool(flags, 'quiet')) ctx.stdout.write(rows.map((r) => r.ID + '\n').join(''));
    else if (format) ctx.stdout.write(rows.map((r) => formatWith(format, r) + '\n').join(''));
    else ctx.stdout.write(table(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], rows.map((r) => [r.ID, r.Name, r.Driver, r.Scope])));
    return 0;
  } finally {
    client.close();
  }
}

/** The fields `--format` sees, as docker's networkContext (strings, as its JSON output has them). */
export function networkRow(n: NetworkResource, noTrunc: boolean): Record<string, string> {
  return {
    CreatedAt: n.Created, Driver: n.Driver, ID: noTrunc ? n.Id : shortId(n.Id), IPv6: String(n.EnableIPv6),
    Internal: String(n.Internal), Labels: labelString(n.Labels), Name: n.Name, Scope: n.Scope,
  };
}
