// The compose verbs through the bundle on a real engine in a temporary root: exec, run, top,
// images, ls, stop/start, pause/unpause, kill, rm, restart, events, logs -f picking up a container
// that appears later. Services use network_mode: none (no networks needed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { berthBin, E2eEngine, type Run } from './harness';

let e: E2eEngine;
let proj: string;

const compose = (mode: string): string => `services:
  db:
    image: busybox:latest
    command: sh -c "echo db up; exec sleep 1000"
    init: true
    network_mode: none
  web:
    image: busybox:latest
    command: sh -c "echo web $$MODE; exec sleep 1000"
    init: true
    network_mode: none
    environment: [MODE=${mode}]
    depends_on:
      db: {condition: service_started}
`;

before(async () => {
  e = await E2eEngine.create('berth-e2e-verbs-');
  proj = await e.project('verbs', compose('one'));
});
after(async () => {
  await berth(['down', '-t', '1']).catch(() => undefined);
  await e.close();
});

const berth = (args: string[]): Promise<Run> => e.run(args, { cwd: proj });
const ok = (args: string[]): Promise<Run> => e.ok(args, { cwd: proj });

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

test('exec runs in the service container with -e, and returns the process exit code', async () => {
  await ok(['image', 'load', '-i', e.archive]);
  await ok(['up', '-d']);
  const r = await berth(['exec', '-T', '-e', 'X=7', 'web', 'sh', '-c', 'echo x=$X mode=$MODE; exit 4']);
  assert.equal(r.code, 4);
  assert.equal(r.stdout, 'x=7 mode=one\n');
  const missing = await berth(['exec', '-T', 'web', '--index', '2', 'true']);
  assert.notEqual(missing.code, 0);
});

test('run: a one-off container with the service config, its exit code, removed with --rm', async () => {
  const r = await berth(['run', '--rm', '-T', '-e', 'Y=2', 'web', 'sh', '-c', 'echo $MODE $Y; exit 3']);
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stdout, 'one 2\n');
  assert.deepEqual(lines((await ok(['container', 'ls', '-a', '--format', '{{.Names}}'])).stdout).sort(), ['verbs-db-1', 'verbs-web-1']);
  assert.equal(lines((await ok(['ps', '-a', '-q'])).stdout).length, 2, 'one-offs are not in ps');
});

test('run: --entrypoint, -u, -w and -v override the service; --no-deps leaves a stopped dependency alone', async () => {
  await writeFile(join(e.t.dir, 'marker.txt'), 'from the host\n');
  const r = await berth(['run', '--rm', '-T', '--entrypoint', '/bin/cat', '-w', '/hostdir', '-v', `${e.t.dir}:/hostdir:ro`, 'web', 'marker.txt']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'from the host\n');
  assert.equal((await ok(['run', '--rm', '-T', 'web', 'id', '-u'])).stdout, '0\n');
  assert.equal((await ok(['run', '--rm', '-T', '-u', '1000', 'web', 'id', '-u'])).stdout, '1000\n');
  await ok(['stop', '-t', '1', 'db']);
  const nodeps = await berth(['run', '--rm', '-T', '--no-deps', 'web', 'true']);
  assert.equal(nodeps.code, 0, nodeps.stderr);
  assert.match((await ok(['ps', '-a', '--status', 'exited'])).stdout, /verbs-db-1/);
  await ok(['run', '--rm', '-T', 'web', 'true']);
  assert.match((await ok(['ps', '--status', 'running'])).stdout, /verbs-db-1/, 'run started the dependency');
});

test('top, images and ls describe the running project', async () => {
  const top = (await ok(['top', 'web'])).stdout;
  assert.match(top, /^verbs-web-1$/m);
  assert.match(top, /^UID\s+PID\s+PPID/m);
  assert.match(top, /sleep 1000/);
  assert.match((await ok(['images'])).stdout, /^verbs-db-1\s+busybox\s+latest\s+[0-9a-f]{12}\s+[\d.]+MB$/m);
  assert.match((await ok(['ls'])).stdout, /^verbs\s+running\(2\)\s+\S+compose\.yaml$/m);
});

test('stop, start, pause, unpause, kill, rm -f and restart (same container)', async () => {
  await ok(['stop', '-t', '1']);
  const stopped = lines((await ok(['ps', '-a', '--format', 'json'])).stdout).map((l) => JSON.parse(l) as { Name: string; State: string });
  assert.deepEqual(stopped.map((c) => c.State), ['exited', 'exited']);
  await ok(['start', 'web']);
  assert.match((await ok(['ps'])).stdout, /verbs-web-1/);
  await ok(['start']);
  await ok(['pause', 'web']);
  assert.match((await ok(['ps', '-a', '--status', 'paused'])).stdout, /verbs-web-1/);
  await ok(['unpause', 'web']);
  assert.match((await ok(['ps', '--status', 'running'])).stdout, /verbs-web-1/);
  await ok(['kill', 'db']);
  const killed = await waitFor(async () => (await ok(['ps', '-a', '--status', 'exited', '-q'])).stdout.trim() !== '');
  assert.ok(killed);
  await ok(['rm', '-f']);
  assert.deepEqual(lines((await ok(['ps', '-a', '--format', 'json'])).stdout).map((l) => (JSON.parse(l) as { Name: string }).Name), ['verbs-web-1']);
  const before = (await ok(['ps', '--format', 'json'])).stdout;
  await ok(['restart', '-t', '1', 'web']);
  const after = (await ok(['ps', '--format', 'json'])).stdout;
  assert.equal((JSON.parse(after) as { State: string }).State, 'running');
  assert.equal((JSON.parse(after) as { ID: string }).ID, (JSON.parse(before) as { ID: string }).ID, 'restart keeps the container');
});

test('logs -f picks up a container that appears later; events --json streams the project', async () => {
  const follow = spawn(process.execPath, [berthBin, 'logs', '-f', '--no-color'], { env: e.env(), cwd: proj });
  const events = spawn(process.execPath, [berthBin, 'events', '--json'], { env: e.env(), cwd: proj });
  let logs = '';
  let evs = '';
  follow.stdout.on('data', (b: Buffer) => { logs += b; });
  events.stdout.on('data', (b: Buffer) => { evs += b; });
  try {
    await waitFor(async () => logs.includes('web one'));
    await ok(['up', '-d']); // db was removed by rm: it comes back
    assert.ok(await waitFor(async () => /^db-1 +\| db up$/m.test(logs)), logs);
    assert.ok(await waitFor(async () => evs.includes('"action":"start"')), evs);
    const start = lines(evs).map((l) => JSON.parse(l) as { action: string; service: string }).find((e) => e.action === 'start');
    assert.equal(start?.service, 'db');
  } finally {
    follow.kill('SIGINT');
    events.kill('SIGINT');
  }
  await ok(['down', '-t', '1']);
  assert.equal((await ok(['container', 'ls', '-a', '-q'])).stdout, '');
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
