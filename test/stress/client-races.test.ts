// The engine never dies because of a client (issue 13): races a careless or hostile client runs
// into, repeated hundreds of times against one out-of-process test engine, each loop bounded in
// time; then the same engine (same pid) must answer /_ping and run a container.
//   - the real docker CLI: `yes | docker run -i --rm busybox true` (stdin written while the
//     container exits: EPIPE/ECONNRESET on the attach, which killed berthd within a few runs);
//   - raw sockets: attach and exec start upgraded, flooded with stdin, reset at a random moment;
//   - abandoned requests: an upgraded body that never comes, logs/events followers reset, half a
//     JSON body then a reset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEnginePid } from '../../core/engine/index';
import { E2eEngine } from '../e2e/harness';
import { floodThenReset, json, openRequest, openUpgrade, pingMs } from './raw-socket';

let e: E2eEngine;
let pid: number | undefined;
const sock = (): string => e.t.socketPath;

before(async () => {
  e = await E2eEngine.create('berth-stress-races-');
  await mkdir(join(e.t.dir, 'docker-config'));
  await e.ok(['image', 'load', '-i', e.archive], {});
  pid = await readEnginePid(e.t.root);
  assert.ok(pid, 'the engine runs');
});
after(async () => { await e?.close(); });

/** Runs `one` with `parallel` workers until `count` runs or `ms` elapsed; returns the runs made. */
async function repeat(count: number, ms: number, parallel: number, one: (i: number) => Promise<void>): Promise<number> {
  const until = Date.now() + ms;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && Date.now() < until) await one(next++);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return next;
}

async function assertSameEngineAlive(): Promise<void> {
  assert.ok((await pingMs(sock())) < 2000, '/_ping answers promptly');
  assert.equal(await readEnginePid(e.t.root), pid, 'the engine was never restarted');
  process.kill(pid as number, 0);
  const log = await readFile(join(e.t.root, 'berthd.log'), 'utf8').catch(() => '');
  assert.doesNotMatch(log, /Unhandled|uncaught|triggerUncaughtException/i);
}

function dockerSh(script: string): Promise<number> {
  return new Promise((resolve) => {
    const env = { ...e.env(true), DOCKER_CONFIG: join(e.t.dir, 'docker-config'), DOCKER_CLI_HINTS: 'false' };
    const p = spawn('sh', ['-c', script], { env, stdio: 'ignore' });
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.on('close', (code) => { clearTimeout(timer); resolve(code ?? -1); });
  });
}

test('docker CLI: yes | docker run -i --rm busybox true, repeated, leaves the engine up', { timeout: 240_000 }, async () => {
  const codes: number[] = [];
  const runs = await repeat(100, 90_000, 2, async () => { codes.push(await dockerSh('yes | docker run -i --rm busybox true')); });
  assert.ok(runs >= 40, `only ${runs} runs in the time bound`);
  assert.deepEqual(codes.filter((c) => c !== 0), [], 'every run exits 0');
  await assertSameEngineAlive();
});

const STDIN_CONTAINER = { Image: 'busybox', Cmd: ['head', '-c', '1'], OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true, HostConfig: { AutoRemove: true } };

test('raw attach: stdin flooded while the container exits, reset at a random moment', { timeout: 240_000 }, async () => {
  const runs = await repeat(150, 80_000, 3, async () => {
    const c = await json<{ Id: string }>(sock(), 'POST', '/containers/create', STDIN_CONTAINER);
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const s = await openUpgrade(sock(), `/containers/${c.body.Id}/attach?stream=1&stdin=1&stdout=1&stderr=1`);
    const started = json(sock(), 'POST', `/containers/${c.body.Id}/start`);
    await floodThenReset(s, Math.random() * 150);
    assert.equal((await started).status, 204);
  });
  assert.ok(runs >= 60, `only ${runs} runs in the time bound`);
  await assertSameEngineAlive();
});

test('raw exec: stdin flooded into an exec that exits, reset at a random moment', { timeout: 240_000 }, async () => {
  const c = await json<{ Id: string }>(sock(), 'POST', '/containers/create?name=stress-sleeper', { Image: 'busybox', Cmd: ['sleep', '600'] });
  assert.equal((await json(sock(), 'POST', `/containers/${c.body.Id}/start`)).status, 204);
  const runs = await repeat(150, 80_000, 3, async (i) => {
    const cmd = i % 2 ? ['true'] : ['head', '-c', '100'];
    const x = await json<{ Id: string }>(sock(), 'POST', `/containers/${c.body.Id}/exec`, { Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true });
    assert.equal(x.status, 201, JSON.stringify(x.body));
    const s = await openUpgrade(sock(), `/exec/${x.body.Id}/start`, JSON.stringify({ Detach: false, Tty: false }));
    await floodThenReset(s, Math.random() * 150);
  });
  assert.ok(runs >= 60, `only ${runs} runs in the time bound`);
  await assertSameEngineAlive();
});

test('abandoned requests: stalled upgraded bodies, followers reset, half bodies', { timeout: 120_000 }, async () => {
  const kinds = [
    // announces a body, sends none, and goes away
    () => openRequest(sock(), 'POST', '/exec/none/start', '', { 'Content-Length': '100', Connection: 'Upgrade', Upgrade: 'tcp' }),
    () => openRequest(sock(), 'GET', '/containers/stress-sleeper/logs?follow=1&stdout=1&stderr=1'),
    () => openRequest(sock(), 'GET', '/events'),
    () => openRequest(sock(), 'GET', '/containers/stress-sleeper/stats'),
    () => openRequest(sock(), 'POST', '/containers/create', '{"Image": "busy', { 'Content-Length': '400' }),
    () => openRequest(sock(), 'POST', '/containers/stress-sleeper/attach?stream=1&stdout=1', '', { Connection: 'Upgrade', Upgrade: 'tcp' }),
    // an image save or a copy out abandoned mid-archive
    () => openRequest(sock(), 'GET', '/images/busybox/get'),
    () => openRequest(sock(), 'GET', '/containers/stress-sleeper/archive?path=/bin'),
  ];
  const runs = await repeat(300, 60_000, 4, async (i) => {
    const s = await kinds[i % kinds.length]();
    await new Promise((r) => setTimeout(r, Math.random() * 30));
    if (i % 3 === 0) s.end(); else s.destroy();
  });
  assert.ok(runs >= 150, `only ${runs} runs in the time bound`);
  await assertSameEngineAlive();
  assert.equal(await dockerSh('docker run --rm busybox true'), 0, 'the engine still runs containers');
});
