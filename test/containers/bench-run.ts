// Measures the engine's container round trip on this host: create + start + wait + rm of
// `true` through ContainerService (conmon + the selected runtime). Every container shares one
// prepared busybox rootfs, so the figures are the engine's, not the copy a test fixture makes.
//   node --import tsx test/containers/bench-run.ts [runs=20] [crun|runc] [nocache]
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { makeBusyboxRootfs } from '../fixtures/busybox-image';
import { ContainerService } from '../../runtime/containers/index';
import { makeHarness } from './harness';

const runs = Number(process.argv[2] ?? 20);
const runtime = (process.argv[3] ?? 'crun') as 'crun' | 'runc';
const h = await makeHarness({ runtime });
const shared = await mkdtemp(join(tmpdir(), 'berth-bench-rootfs-'));
await makeBusyboxRootfs(shared);
const svc = await ContainerService.open({ ...h.opts, seccompCache: process.argv[4] !== 'nocache', rootfs: { prepare: async () => shared, release: async () => undefined } });
try {
  const phases: Record<string, number[]> = { create: [], start: [], wait: [], rm: [], total: [] };
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { Id } = await svc.create({ Image: 'busybox', Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    const t1 = performance.now();
    await svc.start(Id);
    const t2 = performance.now();
    await svc.wait(Id);
    const t3 = performance.now();
    await svc.remove(Id);
    const t4 = performance.now();
    phases.create.push(t1 - t0); phases.start.push(t2 - t1); phases.wait.push(t3 - t2); phases.rm.push(t4 - t3); phases.total.push(t4 - t0);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${h.tasks.runtime.name}, ${runs} runs, medians (ms): ` + Object.entries(phases).map(([k, v]) => `${k} ${median(v).toFixed(1)}`).join(', '));
} finally {
  svc.close();
  await h.cleanup();
  await rm(shared, { recursive: true, force: true });
}
