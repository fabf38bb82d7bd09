// Foreground `up` through the bundle on a real engine: prefixed logs until the containers exit,
// --exit-code-from / --abort-on-container-exit exit codes, and Ctrl-C (SIGINT): the first stops
// gracefully with a visible countdown (exit 130), the second kills.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { E2eEngine, type Run } from './harness';

let e: E2eEngine;
let proj: string;

const COMPOSE = `services:
  job:
    image: busybox:latest
    command: sh -c "echo job ran; exit 5"
    network_mode: none
  server:
    image: busybox:latest
    command: sh -c "echo serving; exec sleep 1000"
    init: true
    network_mode: none
  stubborn:
    image: busybox:latest
    # no init: sleep as PID 1 ignores SIGTERM, so only a kill ends it
    command: sh -c "echo stubborn; exec sleep 1000"
    network_mode: none
    profiles: [stubborn]
`;

before(async () => {
  e = await E2eEngine.create('berth-e2e-fg-');
  proj = await e.project('fg', COMPOSE);
});
after(async () => {
  await berth(['down', '-t', '1']).catch(() => undefined);
  await e.close();
});

const berth = (args: string[], onSpawn?: (p: ChildProcess) => void): Promise<Run> => e.run(args, { cwd: proj, onSpawn });

async function ok(args: string[]): Promise<Run> {
  const r = await berth(args);
  assert.equal(r.code, 0, `berth ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

test('up attached: prefixed logs until every container exits; --exit-code-from gives that service\'s code', async () => {
  await ok(['image', 'load', '-i', e.archive]);
  const r = await berth(['up', '--exit-code-from', 'job', 'job']);
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stdout, /^job-1  \| job ran$/m);
  await ok(['down', '-t', '1']);
});

test('--abort-on-container-exit stops the others when one exits', async () => {
  const r = await berth(['up', '--abort-on-container-exit']);
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /Aborting on container exit/);
  const states = (await ok(['ps', '-a', '--format', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { Name: string; State: string });
  assert.ok(states.every((s) => s.State === 'exited'), JSON.stringify(states));
  await ok(['down', '-t', '1']);
});

test('Ctrl-C: first stops gracefully with a countdown (exit 130), second kills', async () => {
  let child: ChildProcess | undefined;
  const running = berth(['--profile', 'stubborn', 'up', '-t', '8', 'server', 'stubborn'], (p) => { child = p; });
  await waitFor(async () => (await ok(['ps', '-q'])).stdout.trim().split('\n').filter((l) => l !== '').length === 2);
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  child!.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 1500));
  child!.kill('SIGINT');
  const r = await running;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /Gracefully stopping\.\.\. \(press Ctrl\+C again to force\)/);
  assert.match(r.stderr, /Stopping, 7s before kill/);
  assert.match(r.stderr, /Killing/);
  assert.ok(Date.now() - t0 < 7000, 'the second Ctrl-C did not wait for the 8 s timeout');
  assert.equal((await ok(['ps', '-q'])).stdout, '');
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
