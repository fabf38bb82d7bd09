// Loader bench: a generated 500-service project (anchors, extends, three override files) loaded
// whole (parse, interpolate, extends, merge, validate, normalise, consistency), median of repeated
// runs; the back half alone (validate → normalise → consistency, from the merged tree) is timed
// too. Goal (issue): whole load under 150 ms median.
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
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

/** Up to RUNS timed runs after 2 warm-ups, fewer when the time budget runs out. */
function measure(fn: () => void): number[] {
  fn();
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < RUNS && (times.length < 3 || performance.now() - start < BUDGET_MS)) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times;
}

const fmt = (name: string, xs: number[]): string =>
  `${name}: median ${median(xs).toFixed(1)} ms over ${xs.length} runs (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;

const project = generateProject(500);
try {
  const host = createFsHost({ HOME: '/root' }, project.dir);
  const p = loadProject({ files: project.files }, host);
  if (Object.keys(p.services).length !== 500) throw new Error(`expected 500 services, got ${Object.keys(p.services).length}`);
  const model = loadModel({ files: project.files }, host);
  const back = measure(() => projectFromModel(model, {}, host));
  const whole = measure(() => loadProject({ files: project.files }, host));
  console.log(fmt('load-500 back half (validate+normalise+consistency)', back));
  console.log(fmt('load-500 whole loadProject', whole));
  console.log(`load-500 goal < 150 ms median (whole): ${median(whole) < 150 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(project.dir, { recursive: true, force: true });
}
