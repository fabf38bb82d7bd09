// Loader bench: a generated 500-service project (anchors, extends, three override files) loaded
// whole (parse, interpolate, extends, merge, validate, normalise, consistency), median of repeated
// runs; the back half alone (validate → normalise → consistency, from the merged tree) is timed
// too. Goal (issue): whole load under 150 ms median.
// The host is shared and its load varies by a factor of several within a minute, so the bench
// also times a reference in the same rounds, interleaved with the load: a plain `yaml.parse` of
// the same files (read from disk, merge keys on), the least any loader built on `yaml` pays. The
// ratio load / reference, median over the rounds, is the figure to compare across changes.
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { createFsHost } from '../core/host/fs-host';
import { loadProject, projectFromModel } from '../core/spec/index';
import { loadModel } from '../core/spec/model-loader';
import { generateProject } from './load-project';

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 30_000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time, and CPU time of this process (user + system, GC threads included), in ms. */
interface Sample {
  wall: number;
  cpu: number;
}

function time(fn: () => void): Sample {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const used = process.cpuUsage(c);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/**
 * Up to RUNS rounds after 2 warm-ups, fewer when the time budget runs out; each round times
 * every function once, one after the other, so they share the host's load of the moment.
 */
function measure(fns: Array<() => void>): Sample[][] {
  for (const fn of fns) {
    fn();
    fn();
  }
  const samples: Sample[][] = fns.map(() => []);
  const start = performance.now();
  while (samples[0]!.length < RUNS && (samples[0]!.length < 3 || performance.now() - start < BUDGET_MS)) {
    fns.forEach((fn, i) => samples[i]!.push(time(fn)));
  }
  return samples;
}

const ms = (x: number): string => x.toFixed(1);

function fmt(name: string, xs: Sample[]): string {
  const wall = xs.map((x) => x.wall);
  const cpu = xs.map((x) => x.cpu);
  return `${name}: median ${ms(median(wall))} ms wall (min ${ms(Math.min(...wall))}, max ${ms(Math.max(...wall))}), ${ms(median(cpu))} ms CPU, over ${xs.length} runs`;
}

function ratio(name: string, xs: Sample[], ref: Sample[]): string {
  const wall = xs.map((x, i) => x.wall / ref[i]!.wall);
  const cpu = xs.map((x, i) => x.cpu / ref[i]!.cpu);
  return `${name}: median ${median(wall).toFixed(2)}x wall (min ${Math.min(...wall).toFixed(2)}, max ${Math.max(...wall).toFixed(2)}), ${median(cpu).toFixed(2)}x CPU`;
}

const project = generateProject(500);
try {
  const host = createFsHost({ HOME: '/root' }, project.dir);
  const p = loadProject({ files: project.files }, host);
  if (Object.keys(p.services).length !== 500) throw new Error(`expected 500 services, got ${Object.keys(p.services).length}`);
  const model = loadModel({ files: project.files }, host);
  // Aliases are expanded by the reference too (maxAliasCount off: the loader has its own cap).
  const reference = () => project.files.forEach((f) => parse(readFileSync(f, 'utf8'), { merge: true, maxAliasCount: -1 }));
  const [ref, whole, back] = measure([
    reference,
    () => loadProject({ files: project.files }, host),
    () => projectFromModel(model, {}, host),
  ]) as [Sample[], Sample[], Sample[]];
  console.log(fmt('load-500 reference (yaml.parse of the same 5 files)', ref));
  console.log(fmt('load-500 back half (validate+normalise+consistency)', back));
  console.log(fmt('load-500 whole loadProject', whole));
  console.log(ratio('load-500 whole / reference', whole, ref));
  const wall = median(whole.map((x) => x.wall));
  console.log(`load-500 goal < 150 ms median (whole): ${wall < 150 ? 'met' : 'NOT met'} (${ms(wall)} ms wall, on this host's load of the moment)`);
} finally {
  rmSync(project.dir, { recursive: true, force: true });
}
