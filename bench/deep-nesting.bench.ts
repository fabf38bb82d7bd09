// Deeply nested layers (issue 13: 250 levels took 1.8 s, 1,000 levels 90 s, 2,000 over 10 min,
// the cube of the depth, and /_ping answered in seconds meanwhile).
//  1. applyLayer of a chain of N nested directories, N = 250, 1,000, 2,000, against a flat layer
//     of the same N directories side by side (same entry count, depth 1) in the same run: median
//     ms, the deep/flat ratio, and the longest event-loop stall seen.
//  2. /_ping round trips on an in-process daemon: idle, then while it loads an image whose top
//     layer is 2,000 levels deep (median, p95, max; ratio of medians against idle).
// RUNS (default 3) repetitions per figure.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSyscalls } from '../runtime/mount/syscalls';
import { applyLayer } from '../runtime/unpack/index';
import { Daemon } from '../runtime/daemon/main';
import { tarBuffer, type TarEntry } from '../test/fixtures/tar';
import { makeDockerArchive } from '../test/fixtures/busybox-image';
import { raw, tempRoot, testNames, closeDaemonSuite } from '../test/api/helpers';

const RUNS = Number(process.env.RUNS ?? 3);
const DEPTHS = [250, 1000, 2000];
const sys = createSyscalls();
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const f = (x: number): string => x.toFixed(x < 10 ? 1 : 0);

function deep(n: number): TarEntry[] {
  const out: TarEntry[] = [];
  let p = '';
  for (let i = 0; i < n; i++) { p += 'd/'; out.push({ name: p, type: 'directory' }); }
  return out;
}

function flat(n: number): TarEntry[] {
  return Array.from({ length: n }, (_, i) => ({ name: `d${i}/`, type: 'directory' as const }));
}

/** One unpack into a fresh directory: [ms, longest loop stall in ms]. */
async function unpackOnce(layer: Buffer): Promise<[number, number]> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-deep-'));
  const h = monitorEventLoopDelay({ resolution: 1 });
  try {
    h.enable();
    const t0 = performance.now();
    await applyLayer(Readable.from([layer]), dir, { sys, whiteouts: 'overlay' });
    const ms = performance.now() - t0;
    h.disable();
    return [ms, h.max / 1e6];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function unpackFigures(): Promise<void> {
  console.log('unpack (median of %d)      deep ms   flat ms   deep/flat   max loop stall deep', RUNS);
  for (const n of DEPTHS) {
    const [d, fl] = [await tarBuffer(deep(n)), await tarBuffer(flat(n))];
    const deepRuns: Array<[number, number]> = [];
    const flatRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      deepRuns.push(await unpackOnce(d));
      flatRuns.push((await unpackOnce(fl))[0]);
    }
    const dm = pct(deepRuns.map((r) => r[0]), 0.5);
    const fm = pct(flatRuns, 0.5);
    console.log(`  ${String(n).padStart(5)} levels              ${f(dm).padStart(7)}   ${f(fm).padStart(7)}   ${(dm / fm).toFixed(2).padStart(8)}x   ${f(Math.max(...deepRuns.map((r) => r[1])))} ms`);
  }
}

async function pings(socketPath: string, until: () => boolean): Promise<number[]> {
  const out: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    await raw(socketPath, 'GET', '/_ping');
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 25));
  }
  return out;
}

async function pingFigures(): Promise<void> {
  const t = await tempRoot('berth-bench-deep-api-');
  const names = testNames();
  const daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names });
  try {
    const archive = join(t.dir, 'deep.tar');
    await makeDockerArchive(archive, { name: 'deep', tag: 'x', extraLayers: [deep(2000)] });
    const idleEnd = performance.now() + 2000;
    const idle = await pings(t.socketPath, () => performance.now() > idleEnd);
    const loaded: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      loaded.push(...(await postWhilePinging(t.socketPath, '/images/load?quiet=1', createReadStream(archive))));
      loads.push(performance.now() - t0);
      await raw(t.socketPath, 'DELETE', '/images/deep:x');
    }
    const im = pct(idle, 0.5);
    const lm = pct(loaded, 0.5);
    console.log('/_ping during `image load` of a 2,000-level layer (%d loads, median load %s ms)', RUNS, f(pct(loads, 0.5)));
    console.log(`  idle:    median ${f(im)} ms, p95 ${f(pct(idle, 0.95))} ms, max ${f(Math.max(...idle))} ms (${idle.length} pings)`);
    console.log(`  loading: median ${f(lm)} ms, p95 ${f(pct(loaded, 0.95))} ms, max ${f(Math.max(...loaded))} ms (${loaded.length} pings); median ratio ${(lm / im).toFixed(2)}x`);
  } finally {
    await closeDaemonSuite(t, daemon, names.cgroupParent);
  }
}

/** POSTs `body` and pings until the response has ended: the ping round trips meanwhile. */
async function postWhilePinging(socketPath: string, path: string, body: NodeJS.ReadableStream): Promise<number[]> {
  let ended = false;
  const req = request({ socketPath, method: 'POST', path, headers: { 'Content-Type': 'application/x-tar' } }, (res) => {
    if (res.statusCode !== 200) console.error(`load answered ${res.statusCode}`);
    res.resume();
    res.on('end', () => { ended = true; });
  });
  req.on('error', (err) => { console.error(err); ended = true; });
  body.pipe(req);
  return pings(socketPath, () => ended);
}

async function main(): Promise<void> {
  await unpackFigures();
  await pingFigures();
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
