// `berth container ls [-a] [-q] [-n N] [-l] [-s] [--no-trunc] [-f FILTER] [--format F]`
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs, str } from './engine-args';
import { ago, formatRows, shortId, table } from './engine-format';
import type { CommandContext } from '../context';
import type { ContainerSummary, Port } from '../../runtime/api/types';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags } = parseArgs(rest, {
      all: { short: 'a', type: 'bool' }, quiet: { short: 'q', type: 'bool' }, last: { short: 'n', type: 'string' },
      latest: { short: 'l', type: 'bool' }, size: { short: 's', type: 'bool' }, 'no-trunc': { type: 'bool' },
      filter: { short: 'f', type: 'list' }, format: { type: 'string' },
    });
    const filters: Record<string, string[]> = {};
    for (const f of list(flags, 'filter')) {
      const eq = f.indexOf('=');
      (filters[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
    }
    const limit = bool(flags, 'latest') ? 1 : str(flags, 'last') ? Number(str(flags, 'last')) : undefined;
    const all = bool(flags, 'all') || limit !== undefined;
    const items = await client.listContainers({ all, limit, size: bool(flags, 'size'), filters });
    const full = bool(flags, 'no-trunc');
    if (bool(flags, 'quiet')) {
      ctx.stdout.write(items.map((c) => (full ? c.Id : shortId(c.Id)) + '\n').join(''));
      return 0;
    }
    const rows = items.map((c) => row(c, full));
    const format = str(flags, 'format');
    if (format && format !== 'table') {
      ctx.stdout.write(formatRows(format, rows, { ID: 'CONTAINER ID', RunningFor: 'CREATED' }));
      return 0;
    }
    ctx.stdout.write(table(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'],
      rows.map((r) => [r.ID, r.Image, r.Command, r.RunningFor, r.Status, r.Ports, r.Names])));
    return 0;
  } finally {
    client.close();
  }
}

function row(c: ContainerSummary, full: boolean): Record<string, string> {
  const cmd = full ? c.Command : c.Command.length > 20 ? `${c.Command.slice(0, 19)}…` : c.Command;
  return {
    ID: full ? c.Id : shortId(c.Id), Image: c.Image, Command: `"${cmd}"`, CreatedAt: new Date(c.Created * 1000).toISOString(),
    RunningFor: ago(c.Created), Status: c.Status, State: c.State, Ports: ports(c.Ports ?? []),
    Names: c.Names.map((n) => n.replace(/^\//, '')).join(','),
    Labels: Object.entries(c.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
  };
}

/** "127.0.0.1:8080->80/tcp, 443/tcp", as docker ps prints them. */
export function ports(ps: Port[]): string {
  return ps.map((p) => (p.PublicPort ? `${p.IP ?? '0.0.0.0'}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`)).join(', ');
}

export const help = {
  usage: 'berth container ls [OPTIONS]',
  summary: 'List containers',
  flags: [
    ['-a, --all', 'Show all containers (default shows just running)'],
    ['-q, --quiet', 'Only display container IDs'],
    ['-n, --last int', 'Show n last created containers (includes all states) (default -1)'],
    ['-l, --latest', 'Show the latest created container (includes all states)'],
    ['-s, --size', 'Display total file sizes'],
    ['--no-trunc', "Don't truncate output"],
    ['-f, --filter filter', 'Filter output based on conditions provided'],
    ['--format string', "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template"],
  ],
} as const;
