// `berth container stats [--no-stream] [--format F] [CONTAINER...]`: CPU %, memory, PIDs, computed
// from two samples as the docker CLI does (cpu delta / system delta × online CPUs).
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { formatRows, humanSize, shortId, table } from './engine-format';
import type { CommandContext } from '../context';
import type { ContainerStats } from '../../runtime/api/types';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { 'no-stream': { type: 'bool' }, all: { short: 'a', type: 'bool' }, format: { type: 'string' }, 'no-trunc': { type: 'bool' } });
    const refs = positionals.length ? positionals : (await client.listContainers({ all: bool(flags, 'all') })).map((c) => c.Id);
    const format = str(flags, 'format');
    for (;;) {
      const rows = await Promise.all(refs.map(async (ref) => row(ref, await client.getContainer(ref).stats())));
      if (format && format !== 'table') ctx.stdout.write(formatRows(format, rows, { ID: 'CONTAINER ID', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS' }));
      else ctx.stdout.write(table(['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'PIDS'], rows.map((r) => [r.ID, r.Name, r.CPUPerc, r.MemUsage, r.MemPerc, r.PIDs])));
      if (bool(flags, 'no-stream')) return 0;
      // A new table every second, as docker stats refreshes.
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    client.close();
  }
}

export function cpuPercent(s: ContainerStats): number {
  const cpu = s.cpu_stats.cpu_usage.total_usage - (s.precpu_stats.cpu_usage?.total_usage ?? 0);
  const sys = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cpus = s.cpu_stats.online_cpus ?? s.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
  return sys > 0 && cpu > 0 ? (cpu / sys) * cpus * 100 : 0;
}

function row(ref: string, s: ContainerStats): Record<string, string> {
  // As docker: cache (inactive_file) is not "used" memory.
  const cache = s.memory_stats.stats?.inactive_file ?? s.memory_stats.stats?.total_inactive_file ?? 0;
  const used = Math.max(0, (s.memory_stats.usage ?? 0) - cache);
  const limit = s.memory_stats.limit ?? 0;
  return {
    ID: shortId(s.id ?? ref), Name: (s.name ?? ref).replace(/^\//, ''), CPUPerc: `${cpuPercent(s).toFixed(2)}%`,
    MemUsage: `${humanSize(used)} / ${humanSize(limit)}`, MemPerc: `${limit ? ((used / limit) * 100).toFixed(2) : '0.00'}%`,
    PIDs: String(s.pids_stats.current ?? 0),
  };
}

export const help = {
  usage: 'berth container stats [OPTIONS] [CONTAINER...]',
  summary: 'Display a live stream of container(s) resource usage statistics',
  flags: [
    ['-a, --all', 'Show all containers (default shows just running)'],
    ['--no-stream', 'Disable streaming stats and only pull the first result'],
    ['--format string', "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template"],
    ['--no-trunc', 'Do not truncate output'],
  ],
} as const;
