// `down -t 2` of 10 independent services (init: true) with two builds of Berth, interleaved (the
// host is shared: its load moves between runs), each on its own engine (state root, socket,
// network prefix, cgroup parent). For before/after figures of the network teardown:
//   mkdir /tmp/old && git archive <before> | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/ && (cd /tmp/old && npm run build)
//   BINS=/tmp/old/bin/berth,bin/berth ROUNDS=12 node --import tsx bench/network-down.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeDockerArchive } from '../test/fixtures/busybox-image';

const ROUNDS = Number(process.env.ROUNDS ?? 12);
const bins = (process.env.BINS ?? 'bin/berth').split(',').map((b) => resolve(b));
const builds = bins.map((_, i) => `b${i}`);
const top = mkdtempSync(join(tmpdir(), 'berth-bench-down-'));
const hex = Math.random().toString(16).slice(2, 6);
const envs: Record<string, NodeJS.ProcessEnv> = {};
for (const b of builds) {
  const dir = join(top, b);
  mkdirSync(join(dir, 'ten'), { recursive: true });
  const out = ['services:'];
  for (let i = 0; i < 10; i++) out.push(`  s${i}:\n    image: busybox:latest\n    init: true\n    command: ["sleep", "3600"]`);
  writeFileSync(join(dir, 'ten', 'compose.yaml'), out.join('\n') + '\n');
  envs[b] = { ...process.env, BERTH_ROOT: join(dir, 'root'), BERTH_HOST: `unix://${join(dir, 'berth.sock')}`, BERTH_NETWORK_PREFIX: `bd${hex}${b}`, BERTH_CGROUP_PARENT: `berth-bench-down-${hex}-${b}` };
}
const bin = (b: string) => bins[builds.indexOf(b)];
const run = (b: string, args: string[]) => {
  const t0 = performance.now();
  const r = spawnSync(bin(b), args, { cwd: join(top, b, 'ten'), env: envs[b], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${b} ${args.join(' ')}: ${r.stderr}`);
  return performance.now() - t0;
};
const downs: Record<string, number[]> = Object.fromEntries(builds.map((b) => [b, []]));
try {
  await makeDockerArchive(join(top, 'bb.tar'), { name: 'busybox', tag: 'latest' });
  for (const b of builds) { run(b, ['image', 'load', '-i', join(top, 'bb.tar')]); run(b, ['up', '-d']); run(b, ['down', '-t', '2']); }
  for (let i = 0; i < ROUNDS; i++) {
    for (const b of i % 2 ? builds : [...builds].reverse()) {
      run(b, ['up', '-d']);
      await new Promise((r) => setTimeout(r, 300));
      downs[b].push(run(b, ['down', '-t', '2']));
    }
  }
} finally {
  for (const b of builds) {
    spawnSync(bin(b), ['engine', 'reset', '--force'], { env: envs[b] });
    spawnSync(bin(b), ['engine', 'stop'], { env: envs[b] });
    for (const c of readdirSync('/sys/fs/cgroup')) {
      const d = join('/sys/fs/cgroup', c, envs[b].BERTH_CGROUP_PARENT as string);
      if (existsSync(d)) spawnSync('find', [d, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']);
    }
    spawnSync('umount', ['-R', '-l', join(top, b, 'root')]);
  }
  rmSync(top, { recursive: true, force: true });
}
const med = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)];
for (const b of builds) console.log(`${bin(b)}: down -t 2 of 10, median ${med(downs[b]).toFixed(0)} ms, min ${Math.min(...downs[b]).toFixed(0)} over ${downs[b].length} (${downs[b].map((x) => x.toFixed(0)).join(' ')})`);
