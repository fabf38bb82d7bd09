// berth watch on a real engine, through the bundle as a user runs it: every action on a running
// service, deletions and renames, ignores, a symlink the container made pointing out of it (a host
// canary must stay untouched), the cold-start comparison (edits made while nothing watched, a
// container whose /app is a tmpfs restarted), replicas, and `up -d --watch` ended by `down`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdir, writeFile, rm, rename, chmod, readdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { berthBin, E2eEngine, type Run } from '../e2e/harness';

let e: E2eEngine;
let proj: string;
let canary: string;

const compose = `services:
  web:
    image: busybox:latest
    command: sh -c "echo web started; exec sleep 1000"
    init: true
    network_mode: none
    scale: 2
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
          ignore: [node_modules/, "*.tmp"]
        - path: ./conf
          action: sync+restart
          target: /etc/web
        - path: ./hook
          action: sync+exec
          target: /hook
          exec:
            command: sh -c 'cp /hook/v /tmp/ran'
        - path: ./restart-me
          action: restart
  mem:
    image: busybox:latest
    command: sleep 1000
    init: true
    network_mode: none
    tmpfs: [/app]
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
`;

before(async () => {
  e = await E2eEngine.create('berth-e2e-watch-');
  proj = await e.project('watchp', compose);
  canary = await mkdtemp(join(tmpdir(), 'berth-watch-canary-'));
  for (const d of ['src', 'conf', 'hook', 'restart-me']) await mkdir(join(proj, d));
  await writeFile(join(proj, 'src', 'index.txt'), 'v1\n');
  await writeFile(join(proj, 'conf', 'web.conf'), 'c1\n');
  await writeFile(join(proj, 'hook', 'v'), 'h0\n');
  await e.ok(['image', 'load', '-i', e.archive], {});
  await e.ok(['up', '-d'], { cwd: proj });
});

after(async () => {
  stopWatch();
  await e.run(['down', '-t', '0'], { cwd: proj }).catch(() => undefined);
  await e.close();
  await rm(canary, { recursive: true, force: true });
});

let watcher: ChildProcess | undefined;
let out = '';

function startWatch(): Promise<void> {
  out = '';
  watcher = spawn(process.execPath, [berthBin, 'watch', '--no-up'], { env: e.env(), cwd: proj });
  watcher.stdout!.on('data', (b: Buffer) => { out += b; });
  watcher.stderr!.on('data', (b: Buffer) => { out += b; });
  return until(() => out.includes('Watch enabled'), 'watch to start');
}

function stopWatch(): void {
  watcher?.kill('SIGTERM');
  watcher = undefined;
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}; watch said:\n${out}`);
}

const sh = (svc: string, script: string, index = 1): Promise<Run> => e.run(['exec', '-T', '--index', String(index), svc, 'sh', '-c', script], { cwd: proj });
const cat = async (svc: string, path: string, index = 1): Promise<string> => (await sh(svc, `cat ${path} 2>/dev/null || echo MISSING`, index)).stdout;

test('cold start: a file edited while nothing watched reaches the container when watch starts', async () => {
  await writeFile(join(proj, 'src', 'index.txt'), 'edited offline\n');
  await startWatch();
  await until(async () => (await cat('web', '/app/index.txt')) === 'edited offline\n', 'the initial sync');
  assert.equal(await cat('web', '/app/index.txt', 2), 'edited offline\n', 'replica 2 synced too');
  assert.equal(await cat('mem', '/app/index.txt'), 'edited offline\n');
  assert.match(out, /Synced web: 1 file \(initial/);
});

test('sync: new, changed and executable files, new directories, in every replica; ignored paths stay out', async () => {
  await mkdir(join(proj, 'src', 'lib', 'deep'), { recursive: true });
  await writeFile(join(proj, 'src', 'lib', 'deep', 'a.txt'), 'A\n');
  await writeFile(join(proj, 'src', 'run.sh'), '#!/bin/sh\necho ran\n');
  await chmod(join(proj, 'src', 'run.sh'), 0o755);
  await mkdir(join(proj, 'src', 'node_modules'), { recursive: true });
  await writeFile(join(proj, 'src', 'node_modules', 'x.js'), 'no\n');
  await writeFile(join(proj, 'src', 'scratch.tmp'), 'no\n');
  await writeFile(join(proj, 'src', '.index.txt.swp'), 'no\n');
  for (const i of [1, 2]) await until(async () => (await cat('web', '/app/lib/deep/a.txt', i)) === 'A\n', `a.txt in replica ${i}`);
  await until(async () => (await sh('web', '/app/run.sh')).stdout === 'ran\n', 'run.sh executable');
  const ls = (await sh('web', 'ls -a /app')).stdout;
  for (const ignored of ['node_modules', 'scratch.tmp', '.index.txt.swp']) assert.ok(!ls.includes(ignored), `${ignored} must not sync: ${ls}`);
  assert.match(out, /Synced web: \d+ files? \(\d+ ms\)/);
});

test('sync: deletions and renames of files and directories', async () => {
  await rename(join(proj, 'src', 'lib'), join(proj, 'src', 'lib2'));
  await rm(join(proj, 'src', 'run.sh'));
  await until(async () => (await cat('web', '/app/lib2/deep/a.txt')) === 'A\n', 'the renamed directory');
  await until(async () => (await sh('web', 'test -e /app/lib || test -e /app/run.sh; echo $?')).stdout === '1\n', 'the old paths gone');
  assert.equal((await sh('web', 'test -e /app/lib; echo $?', 2)).stdout, '1\n');
});

test('a symlink the container made to a host path is not followed by a sync', async () => {
  const r = await sh('web', `ln -s ${canary} /app/out && ln -s ${canary} /app/out2`);
  assert.equal(r.code, 0, r.stderr);
  await mkdir(join(proj, 'src', 'out'));
  await writeFile(join(proj, 'src', 'out', 'evil'), 'x\n');
  await writeFile(join(proj, 'src', 'out2'), 'replaced\n');
  await until(async () => (await cat('web', '/app/out2')) === 'replaced\n', 'out2 synced');
  await until(async () => /Synced web/.test(out) && (await cat('web', '/app/out/evil')) === 'x\n', 'out/evil synced inside the container');
  assert.deepEqual(await readdir(canary), [], 'nothing may land in the host directory the link names');
});

test('sync+restart restarts the service with the new file; sync+exec runs its command after the sync', async () => {
  const before = (await e.ok(['container', 'inspect', '-f', '{{.State.StartedAt}}', 'watchp-web-1'], {})).stdout;
  await writeFile(join(proj, 'conf', 'web.conf'), 'c2\n');
  await until(() => /Restarted web/.test(out), 'the restart');
  assert.equal(await cat('web', '/etc/web/web.conf'), 'c2\n');
  const after = (await e.ok(['container', 'inspect', '-f', '{{.State.StartedAt}}', 'watchp-web-1'], {})).stdout;
  assert.notEqual(after, before);
  await writeFile(join(proj, 'hook', 'v'), 'h1\n');
  await until(async () => (await cat('web', '/tmp/ran')) === 'h1\n', 'the exec hook');
  assert.equal(await cat('web', '/tmp/ran', 2), 'h1\n', 'the hook ran in every replica');
});

test('restart action, and a restarted container whose /app is a tmpfs is synced again', async () => {
  const n = (out.match(/Restarted web/g) ?? []).length;
  await writeFile(join(proj, 'restart-me', 'x'), '1');
  await until(() => (out.match(/Restarted web/g) ?? []).length > n, 'a second restart');
  assert.equal(await cat('mem', '/app/index.txt'), 'edited offline\n');
  await e.ok(['restart', 'mem'], { cwd: proj });
  await until(async () => (await cat('mem', '/app/index.txt')) === 'edited offline\n', 'the resync after restart');
  assert.match(out, /Synced mem: \d+ files? \(container started/);
});

test('up --watch: logs and sync lines interleaved; a sync+restart keeps following the restarted containers', async () => {
  stopWatch();
  out = '';
  const up = spawn(process.execPath, [berthBin, 'up', '--watch', '--no-color'], { env: { ...e.env(), NO_COLOR: '1' }, cwd: proj });
  up.stdout.on('data', (b: Buffer) => { out += b; });
  up.stderr.on('data', (b: Buffer) => { out += b; });
  const exited = new Promise<number | null>((resolve) => up.on('close', resolve));
  try {
    await until(() => out.includes('Watch enabled') && (out.match(/web-\d+\s+\| web started/g) ?? []).length >= 2, 'attached logs and the watcher');
    const startedBefore = (out.match(/web started/g) ?? []).length;
    await writeFile(join(proj, 'conf', 'web.conf'), 'c3\n');
    await until(() => /Restarted web/.test(out), 'the restart', 20_000);
    await until(() => (out.match(/web started/g) ?? []).length >= startedBefore + 2, 'the restarted replicas\' first lines');
    await writeFile(join(proj, 'src', 'fg.txt'), 'fg\n');
    await until(() => /Synced web: 1 file/.test(out.slice(out.lastIndexOf('Restarted web'))), 'a sync line among the logs');
  } finally {
    up.kill('SIGINT');
  }
  assert.equal(await exited, 130, out);
});

test('up -d --watch runs a detached watcher that ls shows and down ends', async () => {
  stopWatch();
  const r = await e.ok(['up', '-d', '--watch'], { cwd: proj });
  const pid = Number(/pid (\d+)/.exec(r.stderr)?.[1]);
  assert.ok(pid > 0, r.stderr);
  assert.match((await e.ok(['ls'], { cwd: proj })).stdout, /watchp\s+running\(\d+\), watching/);
  await writeFile(join(proj, 'src', 'bg.txt'), 'bg\n');
  await until(async () => (await cat('web', '/app/bg.txt')) === 'bg\n', 'the background watcher to sync');
  const again = await e.ok(['up', '-d', '--watch'], { cwd: proj });
  assert.match(again.stderr, new RegExp(`Watch already enabled in the background \\(pid ${pid}\\b`), 'a second up -d --watch keeps the watcher');
  assert.doesNotThrow(() => process.kill(pid, 0), 'the first watcher still runs');
  await e.ok(['down', '-t', '0'], { cwd: proj });
  await until(() => { try { process.kill(pid, 0); return false; } catch { return true; } }, 'the watcher to end');
});
