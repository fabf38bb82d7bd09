// `berth network ls [-q] [--no-trunc] [-f FILTER] [--format F]`: NETWORK ID / NAME / DRIVER / SCOPE,
// sorted by name as the docker CLI sorts them.
import { NetworkApi } from '../../core/engine/index';
import type { NetworkResource } from '../../runtime/api/types';
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs, str } from './engine-args';
import { formatRows, shortId, table } from './engine-format';
import { filtersFrom, labelString } from './kv-flags';
import type { CommandContext } from '../context';

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
    else if (format && format !== 'table') ctx.stdout.write(formatRows(format, rows, { ID: 'NETWORK ID' }));
    else ctx.stdout.write(table(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], rows.map((r) => [r.ID, r.Name, r.Driver, r.Scope])));
    return 0;
  } finally {
    client.close();
  }
}

/** The fields `--format` sees, as docker's networkContext (strings, as its JSON output has them). */
export function networkRow(n: NetworkResource, noTrunc: boolean): Record<string, string> {
  return {
    // IPv4 is docker 28's EnableIPv4 (API 1.47), which this engine's resource does not carry.
    CreatedAt: goTime(n.Created), Driver: n.Driver, ID: noTrunc ? n.Id : shortId(n.Id),
    IPv4: String((n as { EnableIPv4?: boolean }).EnableIPv4 ?? false), IPv6: String(n.EnableIPv6),
    Internal: String(n.Internal), Labels: labelString(n.Labels), Name: n.Name, Scope: n.Scope,
  };
}

/** An RFC 3339 time as Go's time.String() prints it: "2024-05-01 10:20:30.5 +0000 UTC". */
export function goTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + frac : ''} +0000 UTC`;
}

export const help = {
  usage: 'berth network ls [OPTIONS]',
  summary: 'List networks',
  flags: [
    ['-q, --quiet', 'Only display network IDs'],
    ['--no-trunc', 'Do not truncate the output'],
    ['-f, --filter filter', 'Provide filter values (e.g. "driver=bridge")'],
    ['--format string', "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template"],
  ],
} as const;
