// Network removal as `down` does it: 10 sandboxes attached to a network, released at once (their
// namespaces dropped: the kernel frees the veths on its cleanup_net workqueue), then right away
// the network removed. Reports the removal's duration (what `down` waits for after the last
// container is gone) and the longest event-loop stall meanwhile; medians over RUNS cycles.
// After each removal it checks that no link of the prefix is left (the guarantee down keeps).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { NetworkService } from '../runtime/network/index';
import { freePool } from '../test/network/helpers';

const RUNS = Number(process.env.RUNS ?? 9);
const N = Number(process.env.N ?? 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const links = async (prefix: string) => (await readdir('/sys/class/net')).filter((l) => l.startsWith(prefix));

async function cycle(svc: NetworkService, prefix: string, i: number): Promise<{ remove: number; held: number }> {
  const before = new Set(await links(prefix));
  await svc.create({ Name: `rm${i}` });
  const ids: string[] = [];
  for (let k = 0; k < N; k++) {
    const id = randomBytes(32).toString('hex');
    await svc.prepareNetwork(id, { name: `c${k}`, networkMode: `rm${i}`, endpoints: { [`rm${i}`]: {} } });
    ids.push(id);
    await new Promise((r) => setTimeout(r, 25));
  }
  await Promise.all(ids.map((id) => svc.releaseNetwork(id)));
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  await svc.remove(`rm${i}`);
  const remove = performance.now() - t0;
  h.disable();
  const left = (await links(prefix)).filter((l) => !before.has(l));
  if (left.length) throw new Error(`links left after network removal: ${left.join(' ')}`);
  return { remove, held: h.max / 1e6 };
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  const prefix = `bb${randomBytes(2).toString('hex')}`;
  const svc = await NetworkService.open({ stateRoot: root, prefix, pool: await freePool(), upstreams: [] });
  const removes: number[] = [];
  const held: number[] = [];
  try {
    await svc.create({ Name: 'keep' }); // the engine's table stays, as with other projects up
    for (let i = 0; i < RUNS; i++) {
      const r = await cycle(svc, prefix, i);
      removes.push(r.remove);
      held.push(r.held);
      await new Promise((res) => setTimeout(res, 200));
    }
  } finally {
    await svc.reset();
    await svc.close();
    await rm(root, { recursive: true, force: true });
  }
  console.log(`network remove right after ${N} releases: median ${median(removes).toFixed(1)} ms (min ${Math.min(...removes).toFixed(1)}, max ${Math.max(...removes).toFixed(1)}) over ${RUNS}; loop held at most ${Math.max(...held).toFixed(1)} ms`);
}

void main();
