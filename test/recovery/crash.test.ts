// kill -9 of the engine in the middle of `up`, `down` and network creation, at named steps
// (BERTH_TEST_CRASH_AT, runtime/daemon/crash-point.ts: the daemon SIGKILLs itself there). After
// each crash the host is checked: what the next engine recovers must hold exactly what its
// running containers own (one bridge, one veth and one namespace each, one rootfs mount each, one
// conmon and one cgroup each), `up` converges with every service running, and `down` leaves
// nothing (links, namespaces, mounts, nft table, cgroups, conmon processes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readEnginePid, stopEngineProcess } from '../../core/engine/index';
import { E2eEngine, type Run } from '../e2e/harness';
import { hostState, nothingLeft, type HostState } from './leftovers';

const SERVICES = 10;
let e: E2eEngine;
let proj: string;

const compose = (): string => 'services:\n' + Array.from({ length: SERVICES }, (_, i) => `  s${i}:
    image: busybox:latest
    command: ["sleep", "1000"]
    init: true
    stop_signal: SIGKILL
    volumes: ["/data"]
`).join('');

before(async () => {
  e = await E2eEngine.create('berth-rec-crash-');
  proj = await e.project('crashy', compose());
  await e.ok(['image', 'load', '-i', e.archive], {});
});
after(async () => {
  await berth(['down', '-t', '0']).catch(() => undefined);
  await e.close();
});

const berth = (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> => e.run(args, { cwd: proj, env, timeoutMs: 60_000 });
const state = (): Promise<HostState> => hostState({ prefix: e.names.networkPrefix, root: e.t.root, cgroupParent: e.names.cgroupParent });

/** Stops the running engine (if any), then runs `args` with an engine that dies at `step`. */
async function crashDuring(args: string[], step: string): Promise<void> {
  const pid = await readEnginePid(e.t.root);
  if (pid !== undefined) await stopEngineProcess(pid);
  const r = await berth(args, { BERTH_TEST_CRASH_AT: step });
  assert.notEqual(r.code, 0, `${args.join(' ')} should have failed with the engine killed at ${step}`);
  const log = await readFile(join(e.t.root, 'berthd.log'), 'utf8');
  assert.match(log, new RegExp(`test crash point ${step.split(':')[0]} `), `the engine did not reach ${step}`);
  assert.equal(await readEnginePid(e.t.root), undefined, 'the engine is dead');
}

/**
 * Right after the restart (before any up): the host holds what the listed containers own and
 * nothing more: a veth, a namespace, a conmon and a cgroup per running one, a rootfs mount per
 * listed one; spare namespaces at most 2.
 */
async function restartHoldsOnlyWhatItLists(): Promise<void> {
  const ps = await berth(['ps', '-a', '--format', 'json']);
  assert.equal(ps.code, 0, ps.stderr);
  const listed = ps.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { State: string });
  const running = listed.filter((c) => c.State === 'running').length;
  const s = await state();
  assert.ok(s.bridges.length <= 1, `bridges: ${s.bridges.join(' ')}`);
  assert.equal(s.veths.length, running, `veths ${s.veths.length} for ${running} running`);
  assert.ok(s.netns.length >= running && s.netns.length <= running + 2, `netns ${s.netns.length} for ${running} running`);
  assert.equal(s.conmons.length, running, `conmon ${s.conmons.length} for ${running} running`);
  assert.equal(s.cgroups.length, running, `cgroups ${s.cgroups.length} for ${running} running`);
  assert.equal(s.mounts.filter((m) => m.includes('/rootfs/')).length, listed.length, `rootfs mounts for ${listed.length} listed`);
}

/** `up -d` with a fresh engine converges: every service runs, and the host holds their share only. */
async function upConverges(): Promise<void> {
  const up = await berth(['up', '-d']);
  assert.equal(up.code, 0, `up after the crash: ${up.stderr}`);
  const ps = await berth(['ps', '--format', 'json']);
  const running = ps.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { State: string }).filter((c) => c.State === 'running');
  assert.equal(running.length, SERVICES, ps.stdout);
  const s = await state();
  assert.equal(s.bridges.length, 1, `bridges: ${s.bridges.join(' ')}`);
  assert.equal(s.veths.length, SERVICES, `veths: ${s.veths.join(' ')}`);
  // One namespace per container, and up to 2 spares the pool keeps ready.
  assert.ok(s.netns.length >= SERVICES && s.netns.length <= SERVICES + 2, `netns: ${s.netns.length}`);
  assert.equal(s.mounts.filter((m) => m.includes('/rootfs/')).length, SERVICES, `mounts: ${s.mounts.join(' ')}`);
  assert.equal(s.conmons.length, SERVICES, `conmon: ${s.conmons.join(' ')}`);
  assert.equal(s.cgroups.length, SERVICES, `cgroups: ${s.cgroups.length}`);
}

async function downLeavesNothing(): Promise<void> {
  const down = await berth(['down', '-v', '-t', '0']);
  assert.equal(down.code, 0, down.stderr);
  assert.equal((await berth(['volume', 'ls', '-q'])).stdout, '', 'no volume left (anonymous ones of a create the crash cut short included)');
  // down waits for its networks' removal, which waits for every teardown; the kernel frees what
  // dying namespaces hold a moment later: bounded wait.
  let s = await state();
  for (const deadline = Date.now() + 3000; !nothingLeft(s) && Date.now() < deadline; s = await state()) await sleep(50);
  assert.ok(nothingLeft(s), `left after down: ${JSON.stringify(s)}`);
}

for (const step of ['network-create', 'network-attach:4', 'container-create:3', 'container-start-network:5', 'container-start-task:2', 'container-started:7']) {
  test(`killed at ${step} during up: the next up converges and down leaves nothing`, async () => {
    await crashDuring(['up', '-d'], step);
    await restartHoldsOnlyWhatItLists();
    await upConverges();
    await downLeavesNothing();
  });
}

for (const step of ['container-remove:3', 'container-teardown:6', 'network-remove']) {
  test(`killed at ${step} during down: the next down converges and leaves nothing`, async () => {
    const up = await berth(['up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    await crashDuring(['down', '-t', '0'], step);
    await restartHoldsOnlyWhatItLists();
    await upConverges();
    await downLeavesNothing();
  });
}
