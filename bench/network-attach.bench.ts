// Attach a container to a bridge network: named netns, veth pair, MAC/IPv4, default route, DNS
// registration, hosts/resolv.conf, record persisted — NetworkService.prepareNetwork end to end.
// Goal (network issue): under 15 ms median. Also reports releaseNetwork.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { NetworkService } from '../runtime/network/index';
import { freePool } from '../test/network/helpers';

const RUNS = Number(process.env.RUNS ?? 40);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  const prefix = `bb${randomBytes(2).toString('hex')}`;
  const svc = await NetworkService.open({ stateRoot: root, prefix, pool: await freePool(), upstreams: [] });
  const attach: number[] = [];
  const release: number[] = [];
  try {
    await svc.create({ Name: 'bench' });
    // Attach RUNS containers one after another, with a 25 ms untimed pause between (a container
    // start with crun takes 12 ms or more here, which is when the spare namespace refills), then
    // release them all. Back-to-back release/attach pairs would instead measure the kernel's
    // asynchronous namespace teardown holding rtnl_lock.
    const ids: string[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const id = randomBytes(32).toString('hex');
      const t0 = performance.now();
      await svc.prepareNetwork(id, { name: `c${i}`, networkMode: 'bench', endpoints: { bench: { Aliases: ['svc'] } } });
      if (i >= 3) attach.push(performance.now() - t0);
      ids.push(id);
      await new Promise((r) => setTimeout(r, 25));
    }
    for (const id of ids) {
      const t0 = performance.now();
      await svc.releaseNetwork(id);
      release.push(performance.now() - t0);
    }
  } finally {
    await svc.reset();
    await svc.close();
    await rm(root, { recursive: true, force: true });
  }
  console.log(`network attach (prepareNetwork) median ${median(attach).toFixed(2)} ms over ${RUNS} runs (goal < 15 ms); min ${Math.min(...attach).toFixed(2)}`);
  console.log(`network release (releaseNetwork) median ${median(release).toFixed(2)} ms`);
}

void main();
