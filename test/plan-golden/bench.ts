// Planning cost on a large synthetic project: `node --import tsx test/plan-golden/bench.ts [services]`.
// N services in a depends_on chain (service_healthy, every other one restart: true), 3 replicas
// each; prints the median of 7 runs for a fresh up, a no-op up, an up where every service
// changed, and a down.
import { performance } from 'node:perf_hooks';
import { downOptions, reconcile, reconcileDown, upOptions, type DesiredProject } from '../../core/reconcile';
import { emptyObservedState } from '../../core/observe';
import { simulate } from './simulate';

function project(n: number): DesiredProject {
  const p: DesiredProject = { name: 'big', services: {}, networks: { default: { key: 'default', name: 'big_default', external: false, labels: {} } }, volumes: {}, profiles: [] };
  for (let i = 0; i < n; i++) {
    const dependsOn = i > 0 ? { [`s${i - 1}`]: { condition: 'service_healthy' as const, required: true, restart: i % 2 === 0 } } : {};
    p.services[`s${i}`] = { name: `s${i}`, image: 'img', customImage: true, configHash: 'h', replicas: 3, dependsOn, namespaceParents: [], networks: ['default'], volumes: [], labels: {}, profiles: [] };
  }
  return p;
}

function median(label: string, run: () => { operations: unknown[] }): void {
  const times: number[] = [];
  let ops = 0;
  for (let k = 0; k < 7; k++) {
    const t = performance.now();
    ops = run().operations.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: ${times[3].toFixed(1)} ms median, ${ops} operations`);
}

const n = Number(process.argv[2] ?? 200);
const p = project(n);
const fresh = reconcile(p, emptyObservedState('big'), upOptions());
const running = simulate(p, emptyObservedState('big'), fresh);
median(`up, fresh, ${n} services x3`, () => reconcile(p, emptyObservedState('big'), upOptions()));
median('up again (no-op)', () => reconcile(p, running, upOptions()));
for (const s of Object.values(p.services)) s.configHash = 'h2';
median('up, every service changed', () => reconcile(p, running, upOptions()));
median('down', () => reconcileDown(p, running, downOptions()));
