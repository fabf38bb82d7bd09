// watch's `rebuild` on a real engine: `berth watch` builds and starts the project, a change to a
// file of the build context rebuilds the image, recreates only that service's container (the new
// one runs the new content) and restarts the dependant that asked for it (depends_on.restart).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { berthBin, E2eEngine } from '../e2e/harness';

let e: E2eEngine;
let proj: string;
let watcher: ChildProcess | undefined;
let out = '';

const compose = `services:
  web:
    build: .
    init: true
    network_mode: none
    develop:
      watch:
        - {path: ./app.txt, action: rebuild}
  side:
    image: busybox:latest
    command: sleep 1000
    init: true
    network_mode: none
    depends_on:
      web: {condition: service_started, restart: true}
`;

before(async () => {
  e = await E2eEngine.create('berth-e2e-rebuild-');
  proj = await e.project('rb', compose);
  await writeFile(join(proj, 'Dockerfile'), 'FROM busybox:latest\nCOPY app.txt /app.txt\nCMD ["sh", "-c", "cat /app.txt; exec sleep 1000"]\n');
  await writeFile(join(proj, 'app.txt'), 'version one\n');
  await e.ok(['image', 'load', '-i', e.archive], {});
});
after(async () => {
  watcher?.kill('SIGTERM');
  await e.run(['down', '-t', '0'], { cwd: proj }).catch(() => undefined);
  await e.close();
});

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}; watch said:\n${out}`);
}

const inspect = async (name: string, fmt: string): Promise<string> => (await e.ok(['container', 'inspect', '-f', fmt, name], {})).stdout.trim();

test('rebuild: the image is rebuilt, only its service recreated, the dependant restarted', async () => {
  watcher = spawn(process.execPath, [berthBin, 'watch'], { env: e.env(), cwd: proj });
  watcher.stdout!.on('data', (b: Buffer) => { out += b; });
  watcher.stderr!.on('data', (b: Buffer) => { out += b; });
  await until('watch to start', () => out.includes('Watch enabled'));
  await until('the first version', async () => /version one/.test((await e.run(['logs', 'web'], { cwd: proj })).stdout));
  const webId = await inspect('rb-web-1', '{{.Id}}');
  const sideStarted = await inspect('rb-side-1', '{{.State.StartedAt}}');
  const sideId = await inspect('rb-side-1', '{{.Id}}');
  await writeFile(join(proj, 'app.txt'), 'version two\n');
  await until('the rebuild', () => /Rebuilt web/.test(out));
  assert.match((await e.ok(['logs', 'web'], { cwd: proj })).stdout, /version two/);
  assert.notEqual(await inspect('rb-web-1', '{{.Id}}'), webId, 'web recreated');
  assert.equal(await inspect('rb-side-1', '{{.Id}}'), sideId, 'side not recreated');
  assert.notEqual(await inspect('rb-side-1', '{{.State.StartedAt}}'), sideStarted, 'side restarted (depends_on.restart)');
});
