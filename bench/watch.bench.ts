// Watch latency and footprint (issue 11) on the embedded engine (own root, prefix, cgroup parent),
// with `bin/berth watch --no-up` run as a user runs it:
// - edit → visible: a file written on the host, then the same path read through
//   /proc/<container init>/root (the container's own mount namespace: what a process in it sees),
//   polled every 0.5 ms; 50 edits, p50 and p95. Goal: p50 < 50 ms, p95 < 150 ms.
// - a 500-file change (a branch switch): from the first write to the last file visible. Goal < 1 s.
// - the watcher's resident memory on a 50,000-file project whose node_modules is ignored. Goal < 80 MB.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDockerArchive } from '../test/fixtures/busybox-image';

const bin = fileURLToPath(new URL('../bin/berth', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'berth-bench-watch-'));
const hex = Math.random().toString(16).slice(2, 7);
const env = { ...process.env, BERTH_ROOT: join(dir, 'root'), BERTH_HOST: `unix://${join(dir, 'berth.sock')}`, BERTH_NETWORK_PREFIX: `bw${hex}`, BERTH_CGROUP_PARENT: `berth-bench-${hex}` };
const proj = join(dir, 'p');
const berth = (...args: string[]): string => execFileSync(bin, args, { env, cwd: proj, encoding: 'utf8' });

const compose = `services:
  web:
    image: busybox:latest
    command: sleep 3600
    init: true
    network_mode: none
    develop:
      watch:
        - {path: ./src, action: sync, target: /app, ignore: [node_modules/]}
`;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

let watcherSaid = '';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function visible(path: string, want: string, limitMs = 5000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    let got: string | undefined;
    try { got = readFileSync(path, 'utf8'); } catch { got = undefined; }
    if (got === want) return performance.now() - t0;
    if (performance.now() - t0 > limitMs) throw new Error(`${path} never showed ${JSON.stringify(want)}`);
    await sleep(0.5);
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

async function startWatcher(): Promise<ChildProcess> {
  const w = spawn(bin, ['watch', '--no-up'], { env, cwd: proj, stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  w.stderr!.on('data', (b: Buffer) => { said += b; watcherSaid += b; });
  w.stdout!.on('data', (b: Buffer) => { watcherSaid += b; });
  for (let i = 0; i < 600 && !said.includes('Watch enabled'); i++) await sleep(50);
  if (!said.includes('Watch enabled')) throw new Error(`watch did not start: ${said}`);
  return w;
}

async function main(): Promise<void> {
  mkdirSync(join(proj, 'src', 'node_modules'), { recursive: true });
  writeFileSync(join(proj, 'compose.yaml'), compose);
  for (let i = 0; i < 50; i++) writeFileSync(join(proj, 'src', `f${i}.txt`), 'v0\n');
  // 50,000 files in node_modules (500 packages of 100 files), ignored by the rule
  for (let p = 0; p < 500; p++) {
    mkdirSync(join(proj, 'src', 'node_modules', `pkg${p}`));
    for (let f = 0; f < 100; f++) writeFileSync(join(proj, 'src', 'node_modules', `pkg${p}`, `m${f}.js`), 'x');
  }
  await makeDockerArchive(join(dir, 'bb.tar'), { name: 'busybox', tag: 'latest' });
  berth('image', 'load', '-i', join(dir, 'bb.tar'));
  berth('up', '-d');
  const pid = Number(berth('container', 'inspect', '-f', '{{.State.Pid}}', 'p-web-1').trim());
  const root = `/proc/${pid}/root/app`;
  const w = await startWatcher();
  try {
    await visible(join(root, 'f0.txt'), 'v0\n');
    await sleep(500);
    const idleRss = rssMb(w.pid!);
    const lat: number[] = [];
    for (let i = 0; i < 50; i++) {
      const want = `edit ${i}\n`;
      const t0 = performance.now();
      writeFileSync(join(proj, 'src', `f${i % 10}.txt`), want);
      await visible(join(root, `f${i % 10}.txt`), want);
      lat.push(performance.now() - t0);
      await sleep(30);
    }
    console.log(`edit -> visible in the container, 50 edits: p50 ${pct(lat, 0.5).toFixed(1)} ms  p95 ${pct(lat, 0.95).toFixed(1)} ms  max ${Math.max(...lat).toFixed(1)} ms  (goal p50 < 50, p95 < 150)`);
    const t0 = performance.now();
    mkdirSync(join(proj, 'src', 'branch'));
    for (let i = 0; i < 500; i++) writeFileSync(join(proj, 'src', 'branch', `b${i}.txt`), `b${i}\n`);
    const written = performance.now() - t0;
    for (let i = 0; i < 500; i++) await visible(join(root, 'branch', `b${i}.txt`), `b${i}\n`, 10_000);
    if (process.env.BENCH_VERBOSE) console.log(watcherSaid.split('\n').slice(-15).join('\n'));
    console.log(`500-file change: all 500 visible in the container ${(performance.now() - t0).toFixed(0)} ms after the first write (writing them took ${written.toFixed(0)} ms) (goal < 1000 ms)`);
    console.log(`watcher resident memory, 50,050-file project with node_modules ignored: ${idleRss.toFixed(1)} MB watching, ${rssMb(w.pid!).toFixed(1)} MB after the runs above (goal < 80 MB)`);
  } finally {
    w.kill('SIGTERM');
    await sleep(200);
  }
}

main().catch((err: Error) => { console.error(`${err.message}\nthe watcher said:\n${watcherSaid.split('\n').slice(-30).join('\n')}`); process.exitCode = 1; }).finally(() => {
  try { berth('down', '-t', '0'); } catch { /* already down */ }
  try { berth('engine', 'reset', '--force'); } catch { /* nothing to reset */ }
  try { berth('engine', 'stop'); } catch { /* not running */ }
  for (const c of existsSync('/sys/fs/cgroup') ? readdirSync('/sys/fs/cgroup') : []) {
    const d = join('/sys/fs/cgroup', c, env.BERTH_CGROUP_PARENT);
    if (existsSync(d)) spawnSync('find', [d, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']);
  }
  spawnSync('umount', ['-R', '-l', join(dir, 'root')]);
  rmSync(dir, { recursive: true, force: true });
});
