// Attach a container to a bridge network: named netns, veth pair, MAC/IPv4, default route, DNS
// registration, hosts/resolv.conf, record persisted — NetworkService.prepareNetwork end to end.
// Goal (network issue): under 15 ms median. Also reports releaseNetwork, 10 releases at once, a
// network creation and removal, and how long each phase held the event loop (the longest stretch a 1 ms timer
// saw delayed): berthd serves every client on that loop, so kernel waits must stay off it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { NetworkService } from '../runtime/network/index';
import { freePool } from '../test/network/helpers';

const RUNS = Number(process.env.RUNS ?? 40);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `fn` and returns the longest event-loop delay seen meanwhile, in ms. */
async function loopHeld(fn: () => Promise<void>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 2));
  } finally {
    h.disable();
  }
  return h.max / 1e6;
}

async function attachAll(svc: NetworkService, n: number, attach: number[]): Promise<string[]> {
  // One after another, with a 25 ms untimed pause between (a container start with crun takes
  // 12 ms or more here, which is when the spare namespace refills). Back-to-back attaches would
  // measure the kernel's asynchronous namespace teardown holding rtnl_lock instead.
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomBytes(32).toString('hex');
    const t0 = performance.now();
    await svc.prepareNetwork(id, { name: `c${ids.length}`, networkMode: 'bench', endpoints: { bench: { Aliases: ['svc'] } } });
    attach.push(performance.now() - t0);
    ids.push(id);
    await new Promise((r) => setTimeout(r, 25));
  }
  return ids;
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'berth-bench-'));
  const prefix = `bb${randomBytes(2).toString('hex')}`;
  const svc = await NetworkService.open({ stateRoot: root, prefix, pool: await freePool(), upstreams: [] });
  const attach: number[] = [];
  const release: number[] = [];
  const out: string[] = [];
  try {
    await svc.create({ Name: 'bench' });
    await attachAll(svc, 3, []);
    let ids: string[] = [];
    const attachHeld = await loopHeld(async () => { ids = await attachAll(svc, RUNS, attach); });
    const releaseHeld = await loopHeld(async () => {
      for (const id of ids) {
        const t0 = performance.now();
        await svc.releaseNetwork(id);
        release.push(performance.now() - t0);
      }
    });
    out.push(`network attach (prepareNetwork) median ${median(attach).toFixed(2)} ms over ${RUNS} runs (goal < 15 ms); min ${Math.min(...attach).toFixed(2)}; loop held at most ${attachHeld.toFixed(1)} ms`);
    out.push(`network release (releaseNetwork) median ${median(release).toFixed(2)} ms; loop held at most ${releaseHeld.toFixed(1)} ms`);
    const ten = await attachAll(svc, 10, []);
    const t0 = performance.now();
    const tenHeld = await loopHeld(async () => { await Promise.all(ten.map((id) => svc.releaseNetwork(id))); });
    out.push(`10 releases at once: ${(performance.now() - t0).toFixed(1)} ms; loop held at most ${tenHeld.toFixed(1)} ms`);
    const c0 = performance.now();
    const createHeld = await loopHeld(async () => { await svc.create({ Name: 'gone' }); });
    out.push(`network create (bridge, DNS, nft) ${(performance.now() - c0).toFixed(1)} ms; loop held at most ${createHeld.toFixed(1)} ms`);
    const r0 = performance.now();
    const removeHeld = await loopHeld(() => svc.remove('gone'));
    out.push(`network remove (bridge + nft) ${(performance.now() - r0).toFixed(1)} ms; loop held at most ${removeHeld.toFixed(1)} ms`);
  } finally {
    await svc.reset();
    await svc.close();
    await rm(root, { recursive: true, force: true });
  }
  for (const l of out) console.log(l);
}

void main();
