// `berth volume ls [-q] [-f FILTER] [--format F]`: DRIVER / VOLUME NAME, sorted by name as the
// docker CLI sorts them.
import { VolumeApi } from '../../core/engine/index';
import type { Volume } from '../../runtime/api/types';
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs, str } from './engine-args';
import { formatRows, humanSize, table } from './engine-format';
import { filtersFrom, labelString } from './kv-flags';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags } = parseArgs(rest, { quiet: { short: 'q', type: 'bool' }, filter: { short: 'f', type: 'list' }, format: { type: 'string' } });
    const filters = filtersFrom(list(flags, 'filter'));
    const res = await new VolumeApi(client.transport).list(Object.keys(filters).length ? filters : undefined);
    for (const w of res.Warnings ?? []) ctx.stderr.write(`WARNING: ${w}\n`);
    const rows = res.Volumes.sort((a, b) => a.Name.localeCompare(b.Name)).map(volumeRow);
    const format = str(flags, 'format');
    if (bool(flags, 'quiet')) ctx.stdout.write(rows.map((r) => r.Name + '\n').join(''));
    else if (format && format !== 'table') ctx.stdout.write(formatRows(format, rows, { Name: 'VOLUME NAME' }));
    else ctx.stdout.write(table(['DRIVER', 'VOLUME NAME'], rows.map((r) => [r.Driver, r.Name])));
    return 0;
  } finally {
    client.close();
  }
}

/** The fields `--format` sees, as docker's volumeContext ("N/A" without UsageData; Size -1 prints "-1B" as there). */
export function volumeRow(v: Volume): Record<string, string> {
  return {
    Availability: 'N/A', Driver: v.Driver, Group: 'N/A', Labels: labelString(v.Labels), Links: v.UsageData ? String(v.UsageData.RefCount) : 'N/A',
    Mountpoint: v.Mountpoint, Name: v.Name, Scope: v.Scope, Size: v.UsageData ? humanSize(v.UsageData.Size) : 'N/A', Status: 'N/A',
  };
}

export const help = {
  usage: 'berth volume ls [OPTIONS]',
  summary: 'List volumes',
  flags: [
    ['-q, --quiet', 'Only display volume names'],
    ['-f, --filter filter', 'Provide filter values (e.g. "dangling=true")'],
    ['--format string', "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template"],
  ],
} as const;
