// One Docker stats sample (GET /containers/{id}/stats) from cgroup files and /proc/stat.
import { readFile } from 'node:fs/promises';
import type { CgroupReader } from './cgroups';
import { parseKeyValues } from './cgroups';

export interface StatsSample {
  read: Date;
  cpu: { totalNs: number; perCpuNs?: number[]; userNs: number; kernelNs: number; systemNs: number; onlineCpus: number; throttling?: { periods: number; throttledPeriods: number; throttledNs: number } };
  memory: { usage: number; maxUsage?: number; limit: number; failcnt?: number; stats: Record<string, number> };
  pids: { current: number; limit?: number };
}

const USER_HZ_NS = 1e7; // /proc/stat and cpuacct.stat count in USER_HZ (100 per second)
const num = (t: string | undefined): number | undefined => (t === undefined || t.trim() === 'max' ? undefined : Number(t.trim()));

/** The host's total CPU time in ns and online CPU count, as Docker's system_cpu_usage. */
export async function systemCpu(procStat = '/proc/stat'): Promise<{ ns: number; cpus: number }> {
  const text = await readFile(procStat, 'utf8');
  const lines = text.split('\n');
  const total = lines[0].split(/\s+/).slice(1, 8).reduce((s, v) => s + Number(v || 0), 0);
  return { ns: total * USER_HZ_NS, cpus: lines.filter((l) => /^cpu\d+/.test(l)).length };
}

async function cpuV1(cg: CgroupReader): Promise<Pick<StatsSample['cpu'], 'totalNs' | 'perCpuNs' | 'userNs' | 'kernelNs' | 'throttling'>> {
  const st = parseKeyValues(await cg.read('cpuacct', 'cpuacct.stat'));
  const per = (await cg.read('cpuacct', 'cpuacct.usage_percpu'))?.trim().split(/\s+/).map(Number);
  const thr = parseKeyValues(await cg.read('cpu', 'cpu.stat'));
  return {
    totalNs: num(await cg.read('cpuacct', 'cpuacct.usage')) ?? 0,
    perCpuNs: per, userNs: (st.user ?? 0) * USER_HZ_NS, kernelNs: (st.system ?? 0) * USER_HZ_NS,
    throttling: { periods: thr.nr_periods ?? 0, throttledPeriods: thr.nr_throttled ?? 0, throttledNs: thr.throttled_time ?? 0 },
  };
}

async function cpuV2(cg: CgroupReader): Promise<Pick<StatsSample['cpu'], 'totalNs' | 'userNs' | 'kernelNs' | 'throttling'>> {
  const st = parseKeyValues(await cg.read('cpu', 'cpu.stat'));
  return {
    totalNs: (st.usage_usec ?? 0) * 1000, userNs: (st.user_usec ?? 0) * 1000, kernelNs: (st.system_usec ?? 0) * 1000,
    throttling: { periods: st.nr_periods ?? 0, throttledPeriods: st.nr_throttled ?? 0, throttledNs: (st.throttled_usec ?? 0) * 1000 },
  };
}

async function memory(cg: CgroupReader): Promise<StatsSample['memory']> {
  if (cg.version === 2) {
    return {
      usage: num(await cg.read('memory', 'memory.current')) ?? 0,
      maxUsage: num(await cg.read('memory', 'memory.peak')),
      limit: num(await cg.read('memory', 'memory.max')) ?? Number.MAX_SAFE_INTEGER,
      stats: parseKeyValues(await cg.read('memory', 'memory.stat')),
    };
  }
  return {
    usage: num(await cg.read('memory', 'memory.usage_in_bytes')) ?? 0,
    maxUsage: num(await cg.read('memory', 'memory.max_usage_in_bytes')),
    limit: num(await cg.read('memory', 'memory.limit_in_bytes')) ?? Number.MAX_SAFE_INTEGER,
    failcnt: num(await cg.read('memory', 'memory.failcnt')),
    stats: parseKeyValues(await cg.read('memory', 'memory.stat')),
  };
}

export async function sampleStats(cg: CgroupReader, now: () => Date): Promise<StatsSample> {
  const sys = await systemCpu();
  const cpu = cg.version === 2 ? await cpuV2(cg) : await cpuV1(cg);
  return {
    read: now(),
    cpu: { ...cpu, systemNs: sys.ns, onlineCpus: sys.cpus },
    memory: await memory(cg),
    pids: { current: num(await cg.read('pids', 'pids.current')) ?? 0, limit: num(await cg.read('pids', 'pids.max')) },
  };
}

export interface NetDevCounters { rx_bytes: number; rx_packets: number; rx_errors: number; rx_dropped: number; tx_bytes: number; tx_packets: number; tx_errors: number; tx_dropped: number }

/** /proc/<pid>/net/dev of the container's namespace → per-interface counters, loopback left out (as Docker). */
export function parseNetDev(text: string): Record<string, NetDevCounters> {
  const out: Record<string, NetDevCounters> = {};
  for (const line of text.split('\n').slice(2)) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === 'lo') continue;
    const f = m[2].trim().split(/\s+/).map(Number);
    out[m[1]] = { rx_bytes: f[0], rx_packets: f[1], rx_errors: f[2], rx_dropped: f[3], tx_bytes: f[8], tx_packets: f[9], tx_errors: f[10], tx_dropped: f[11] };
  }
  return out;
}

export async function networkStats(pid: number): Promise<Record<string, NetDevCounters> | undefined> {
  const text = await readFile(`/proc/${pid}/net/dev`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseNetDev(text);
}
