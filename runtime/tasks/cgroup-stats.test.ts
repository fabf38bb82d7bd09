// Stats and OOM counts from cgroup files, on a fake v1 tree (this host's layout) and a fake v2
// tree (unified), so both readers are exercised whatever the host runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cgroupReader, oomKillCount } from './cgroups';
import { sampleStats } from './stats';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'berth-cgfake-'));
  dirs.push(root);
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

const now = (): Date => new Date('2026-01-01T00:00:00Z');

test('cgroup v1: one hierarchy per controller', async () => {
  const p = 'berth/c1';
  const root = await tree({
    [`memory/${p}/memory.usage_in_bytes`]: '1048576\n', [`memory/${p}/memory.max_usage_in_bytes`]: '2097152\n',
    [`memory/${p}/memory.limit_in_bytes`]: '67108864\n', [`memory/${p}/memory.failcnt`]: '3\n',
    [`memory/${p}/memory.stat`]: 'cache 4096\nrss 8192\n', [`memory/${p}/memory.oom_control`]: 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n',
    [`cpuacct/${p}/cpuacct.usage`]: '5000000\n', [`cpuacct/${p}/cpuacct.usage_percpu`]: '3000000 2000000 \n',
    [`cpuacct/${p}/cpuacct.stat`]: 'user 2\nsystem 1\n', [`cpu/${p}/cpu.stat`]: 'nr_periods 10\nnr_throttled 2\nthrottled_time 500\n',
    [`pids/${p}/pids.current`]: '4\n', [`pids/${p}/pids.max`]: '50\n',
  });
  const cg = await cgroupReader(`/${p}`, root);
  assert.equal(cg.version, 1);
  const s = await sampleStats(cg, now);
  assert.deepEqual(s.memory, { usage: 1048576, maxUsage: 2097152, limit: 67108864, failcnt: 3, stats: { cache: 4096, rss: 8192 } });
  assert.equal(s.cpu.totalNs, 5000000);
  assert.deepEqual(s.cpu.perCpuNs, [3000000, 2000000]);
  assert.equal(s.cpu.userNs, 2e7);
  assert.equal(s.cpu.kernelNs, 1e7);
  assert.deepEqual(s.cpu.throttling, { periods: 10, throttledPeriods: 2, throttledNs: 500 });
  assert.deepEqual(s.pids, { current: 4, limit: 50 });
  assert.ok(s.cpu.systemNs > 0 && s.cpu.onlineCpus > 0, 'from the real /proc/stat');
  assert.equal(await oomKillCount(cg), 1);
});

test('cgroup v2: one unified tree, "max" means no limit', async () => {
  const p = 'berth/c2';
  const root = await tree({
    'cgroup.controllers': 'cpu memory pids\n',
    [`${p}/memory.current`]: '4096\n', [`${p}/memory.max`]: 'max\n', [`${p}/memory.peak`]: '8192\n',
    [`${p}/memory.stat`]: 'anon 1024\nfile 2048\n', [`${p}/memory.events`]: 'low 0\nhigh 0\nmax 5\noom 2\noom_kill 2\n',
    [`${p}/cpu.stat`]: 'usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n',
    [`${p}/pids.current`]: '2\n', [`${p}/pids.max`]: 'max\n',
  });
  const cg = await cgroupReader(`/${p}`, root);
  assert.equal(cg.version, 2);
  const s = await sampleStats(cg, now);
  assert.equal(s.memory.usage, 4096);
  assert.equal(s.memory.maxUsage, 8192);
  assert.equal(s.memory.limit, Number.MAX_SAFE_INTEGER);
  assert.deepEqual(s.memory.stats, { anon: 1024, file: 2048 });
  assert.equal(s.cpu.totalNs, 1_500_000);
  assert.equal(s.cpu.userNs, 1_000_000);
  assert.deepEqual(s.pids, { current: 2, limit: undefined });
  assert.equal(await oomKillCount(cg), 2);
});
