// `berth up -d` / `plan` / `ps` / `logs` / `down` through the bundle on a real engine in a temporary
// root: a migration job gating a web service (service_completed_successfully), an idempotent
// second up, a changed environment recreating that service only (renamed into place), and `down`
// leaving no container.
// Services use network_mode: none (the examples test covers networks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { E2eEngine, type Run } from './harness';

let e: E2eEngine;
let proj: string;

const compose = (mode: string): string => `services:
  migrate:
    image: busybox:latest
    command: sh -c "echo migrated; exit 0"
    network_mode: none
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
      migrate: {condition: service_completed_successfully}
`;

before(async () => {
  e = await E2eEngine.create('berth-e2e-');
  proj = await e.project('shop', compose('one'));
});
after(async () => {
  await berth(['down', '-t', '1']).catch(() => undefined);
  await e.close();
});

const berth = (args: string[]): Promise<Run> => e.run(args, { cwd: proj });
const ok = (args: string[]): Promise<Run> => e.ok(args, { cwd: proj });

test('up -d runs the migration first, then web; a second up changes nothing but rerunning the job', async () => {
  await ok(['image', 'load', '-i', e.archive]);
  const plan = (await ok(['plan'])).stdout;
  assert.match(plan, /^wait migrate service_completed_successfully because web depends on it/m);
  const up = await ok(['up', '-d']);
  assert.match(up.stderr, /Container shop-migrate-1 Exited/);
  const lines = up.stderr.split('\n');
  assert.ok(lines.findIndex((l) => /Container shop-migrate-1 Exited/.test(l)) < lines.findIndex((l) => /Container shop-web-1 Starting/.test(l)));
  // compose starts an exited container again on every up (the job reruns); nothing else changes
  assert.equal((await ok(['plan'])).stdout, 'start container shop-migrate-1 (service migrate) because not running (exited)\n');
  const again = await ok(['up', '-d']);
  // as compose: untouched running containers are reported Running, nothing else about them
  assert.doesNotMatch(again.stderr, /Creat|Recreat|shop-web-1 (?!Running)|shop-db-1 (?!Running)/);
  assert.match(again.stderr, /Container shop-web-1 Running/);
});

test('ps lists the project, -a shows the finished job, --format json and -q', async () => {
  const ps = (await ok(['ps'])).stdout;
  assert.match(ps, /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/m);
  assert.match(ps, /^shop-db-1\s+busybox:latest\s+.*\bdb\b.*Up/m);
  assert.doesNotMatch(ps, /shop-migrate-1/);
  const all = (await ok(['ps', '-a', '--format', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { Name: string; State: string; ExitCode: number });
  assert.deepEqual(all.map((r) => [r.Name, r.State, r.ExitCode]), [['shop-db-1', 'running', 0], ['shop-migrate-1', 'exited', 0], ['shop-web-1', 'running', 0]]);
  assert.equal((await ok(['ps', '-q'])).stdout.trim().split('\n').length, 2);
});

test('logs prefix each line with its container, padded, without colour off a TTY', async () => {
  const out = (await ok(['logs'])).stdout;
  assert.match(out, /^migrate-1  \| migrated$/m);
  assert.match(out, /^web-1      \| web one$/m);
  assert.match((await ok(['logs', 'db'])).stdout, /^db-1  \| db up\n$/);
});

test('changing one service\'s environment recreates that service only, under its own name', async () => {
  await writeFile(join(proj, 'compose.yaml'), compose('two'));
  const plan = (await ok(['plan'])).stdout;
  assert.match(plan, /^recreate container shop-web-1 .* because config changed/m);
  const acted = plan.split('\n').filter((l) => l !== '').map((l) => l.split(' because ')[0]);
  assert.ok(acted.every((l) => /shop-web-1|wait migrate|container shop-migrate-1/.test(l)), acted.join('\n'));
  assert.ok(!acted.some((l) => /shop-db-1/.test(l)));
  const ids = async (): Promise<Record<string, string>> => Object.fromEntries((await ok(['ps', '-a', '--format', 'json'])).stdout.trim().split('\n')
    .map((l) => JSON.parse(l) as { Name: string; ID: string }).map((c) => [c.Name, c.ID]));
  const before = await ids();
  const up = await ok(['up', '-d']);
  assert.match(up.stderr, /Container shop-web-1 Recreated/);
  const after = await ids();
  assert.deepEqual(Object.keys(after).sort(), ['shop-db-1', 'shop-migrate-1', 'shop-web-1'], 'the replacement took the name back');
  assert.notEqual(after['shop-web-1'], before['shop-web-1']);
  assert.equal(after['shop-db-1'], before['shop-db-1']);
  assert.match((await ok(['logs', 'web'])).stdout, /web two/);
  await writeFile(join(proj, 'compose.yaml'), compose('one'));
});

test('up --scale adds replicas numbered after the first; --scale back removes the highest', async () => {
  await ok(['up', '-d', '--scale', 'db=3']);
  const dbs = (await ok(['ps', '--format', 'json', 'db'])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { Name: string }).Name);
  assert.deepEqual(dbs, ['shop-db-1', 'shop-db-2', 'shop-db-3']);
  await ok(['up', '-d', '--scale', 'db=1']);
  assert.equal((await ok(['ps', '-q', 'db'])).stdout.trim().split('\n').length, 1);
  const bad = await berth(['up', '-d', '--scale', 'nope=2']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /nope/);
});

test('down removes every container of the project', async () => {
  const down = await ok(['down', '-t', '1']);
  assert.match(down.stderr, /Container shop-web-1 Removed/);
  assert.equal((await ok(['ps', '-a', '-q'])).stdout, '');
  assert.equal((await ok(['container', 'ls', '-a', '-q'])).stdout, '');
  assert.equal((await ok(['plan'])).stdout.split('\n').filter((l) => l.startsWith('create container')).length, 3);
});
