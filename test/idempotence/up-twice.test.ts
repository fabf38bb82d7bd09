// The reconciler's idempotence on a real engine: every example in examples/ and a project whose
// services use each kind of mount (named, anonymous, bind, tmpfs, volumes_from), two networks, a
// secret and a config, brought up twice. The second `plan` holds no create, recreate or remove
// (only compose's restart of exited one-shot jobs), and after the second `up` every container has
// the id and creation time it had; a service with `build:` too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2eEngine, type Run } from '../e2e/harness';
import { raw } from '../api/helpers';
import { freePort } from '../compat/free-port';
import { MOUNTS_COMPOSE } from './mounts-project';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const ownTests = fileURLToPath(new URL('../examples/', import.meta.url));
let e: E2eEngine;
const projects: string[] = [];

before(async () => {
  e = await E2eEngine.create('berth-idem-');
  await e.ok(['image', 'load', '-i', e.archive], {});
});
after(async () => {
  for (const dir of projects) await e.run(['down', '-v', '-t', '1'], { cwd: dir, timeoutMs: 60_000 }).catch(() => undefined);
  await e.close();
});

interface Seen { id: string; created: string }

/** name → id and creation time of every container of the engine. */
async function containers(): Promise<Map<string, Seen>> {
  const list = JSON.parse((await raw(e.t.socketPath, 'GET', '/containers/json?all=1')).body) as { Id: string; Names: string[] }[];
  const out = new Map<string, Seen>();
  for (const c of list) {
    const ins = JSON.parse((await raw(e.t.socketPath, 'GET', `/containers/${c.Id}/json`)).body) as { Created: string };
    out.set(c.Names[0]!, { id: c.Id, created: ins.Created });
  }
  return out;
}

/** Runs up twice and checks the second changed nothing. */
async function upTwice(dir: string): Promise<void> {
  projects.push(dir);
  const opts = { cwd: dir, timeoutMs: 90_000 };
  await e.ok(['up', '-d'], opts);
  const first = await containers();
  const plan = (await e.ok(['plan'], opts)).stdout.split('\n').filter(Boolean);
  // compose starts an exited container again on every up (a job reruns): that alone may be planned
  const changes = plan.filter((l) => l !== 'nothing to do' && !/^start container \S+ \(service \S+\) because not running \(exited\)$/.test(l) && !/^wait /.test(l));
  assert.deepEqual(changes, [], `second plan of ${dir}:\n${plan.join('\n')}`);
  const again: Run = await e.ok(['up', '-d'], opts);
  assert.doesNotMatch(again.stderr, /Recreat|Creat|Remov/, again.stderr);
  assert.deepEqual(await containers(), first, 'every container kept its id and creation time');
  await e.ok(['down', '-v', '-t', '1'], opts);
}

/** A copy of an example whose published host ports are free ones, so a user's running example is no obstacle. */
async function copyExample(name: string): Promise<string> {
  let yaml = await readFile(join(examples, name, 'compose.yaml'), 'utf8');
  // a fixed port or a variable with a default (examples/shop: ${SHOP_PORT:-18080})
  for (const m of yaml.matchAll(/127\.0\.0\.1:(\d+|\$\{[A-Z_]+:-\d+\}):/g)) yaml = yaml.replace(m[0], `127.0.0.1:${await freePort()}:`);
  return e.project(`ex-${name}`, yaml);
}

test('every example: a second up plans nothing and recreates nothing', { timeout: 300_000 }, async () => {
  // an example with its own e2e file (test/examples/NAME.e2e.test.ts: builds on the Debian base)
  // is brought up twice there, with its build contexts and base image
  const own = new Set((await readdir(ownTests)).map((f) => f.replace(/\.e2e\.test\.ts$/, '')));
  const names = (await readdir(examples, { withFileTypes: true })).filter((d) => d.isDirectory() && !own.has(d.name)).map((d) => d.name).sort();
  assert.ok(names.length >= 3, names.join());
  for (const name of names) await upTwice(await copyExample(name));
});

test('named, anonymous, bind, tmpfs and volumes_from mounts, networks, secrets, configs: a second up changes nothing', { timeout: 120_000 }, async () => {
  const dir = await e.project('mounts', MOUNTS_COMPOSE);
  await mkdir(join(dir, 'site'));
  await writeFile(join(dir, 'site', 'index.html'), 'hi\n');
  await writeFile(join(dir, 'token.txt'), 's3cret\n');
  await writeFile(join(dir, 'conf.txt'), 'key=value\n');
  await upTwice(dir);
});

test('build: a service built from a Dockerfile is built once; a second up builds, plans and recreates nothing', { timeout: 180_000 }, async () => {
  const dir = await e.project('built', 'services:\n  app:\n    build: .\n    init: true\n    network_mode: none\n');
  await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:latest\nRUN echo built > /built\nCMD ["sleep", "1000"]\n');
  await upTwice(dir);
});
