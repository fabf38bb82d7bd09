// examples/devloop as its README walks through it, on a copy (the repo's files stay as they are):
// up -d --watch, a page edit served a moment later, a conf edit restarting the service, down
// ending the watcher.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2eEngine } from '../e2e/harness';

let e: E2eEngine;
let dir: string;

before(async () => {
  e = await E2eEngine.create('berth-e2e-devloop-');
  dir = join(e.t.dir, 'devloop');
  await cp(fileURLToPath(new URL('../../examples/devloop/', import.meta.url)), dir, { recursive: true });
  await e.ok(['image', 'load', '-i', e.archive], {});
});
after(async () => {
  await e.run(['down', '-t', '0'], { cwd: dir }).catch(() => undefined);
  await e.close();
});

async function until(what: string, cond: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 20_000; Date.now() < end;) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const page = async (): Promise<string> => (await e.run(['exec', '-T', 'web', 'wget', '-qO-', 'http://127.0.0.1/'], { cwd: dir })).stdout;

test('devloop: the README walk-through', async () => {
  const up = await e.ok(['up', '-d', '--watch'], { cwd: dir });
  assert.match(up.stderr, /Watch enabled in the background \(pid \d+/);
  await until('the first page', async () => (await page()) === '<h1>hello from devloop</h1>\n');
  await writeFile(join(dir, 'site', 'index.html'), '<h1>edited</h1>\n');
  await until('the edited page', async () => (await page()) === '<h1>edited</h1>\n');
  await writeFile(join(dir, 'conf', 'greeting'), 'v2\n');
  await until('the restart with the new conf', async () => /serving with v2/.test((await e.run(['logs', 'web'], { cwd: dir })).stdout));
  const logs = (await e.ok(['logs', 'web'], { cwd: dir })).stdout;
  assert.match(logs, /serving with v1[\s\S]*serving with v2/);
  await e.ok(['down', '-t', '0'], { cwd: dir });
  assert.doesNotMatch((await e.ok(['ls', '-a'], { cwd: dir })).stdout, /watching/);
});
