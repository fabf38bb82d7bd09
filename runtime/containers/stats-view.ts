// A task's stats sample in Docker's ContainerStats JSON (GET /containers/{id}/stats), with the
// previous sample as precpu_stats so clients can compute CPU percentages, as Docker streams it.
import type { ContainerStats, CpuStats } from '../api/types';
import type { StatsSample } from '../tasks/stats';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function cpu(s: StatsSample | undefined): CpuStats {
  if (!s) return { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
  return {
    cpu_usage: { total_usage: s.cpu.totalNs, ...(s.cpu.perCpuNs ? { percpu_usage: s.cpu.perCpuNs } : {}), usage_in_kernelmode: s.cpu.kernelNs, usage_in_usermode: s.cpu.userNs },
    system_cpu_usage: s.cpu.systemNs,
    online_cpus: s.cpu.onlineCpus,
    throttling_data: { periods: s.cpu.throttling?.periods ?? 0, throttled_periods: s.cpu.throttling?.throttledPeriods ?? 0, throttled_time: s.cpu.throttling?.throttledNs ?? 0 },
  };
}

export function toDockerStats(id: string, name: string, cur: StatsSample | undefined, prev: StatsSample | undefined): ContainerStats {
  return {
    read: cur?.read.toISOString() ?? ZERO_TIME,
    preread: prev?.read.toISOString() ?? ZERO_TIME,
    id, name: `/${name}`,
    pids_stats: cur ? { current: cur.pids.current, ...(cur.pids.limit !== undefined ? { limit: cur.pids.limit } : {}) } : {},
    num_procs: 0,
    cpu_stats: cpu(cur),
    precpu_stats: cpu(prev),
    memory_stats: cur ? { usage: cur.memory.usage, ...(cur.memory.maxUsage !== undefined ? { max_usage: cur.memory.maxUsage } : {}), limit: cur.memory.limit, stats: cur.memory.stats, ...(cur.memory.failcnt !== undefined ? { failcnt: cur.memory.failcnt } : {}) } : {},
    blkio_stats: {},
  };
}
