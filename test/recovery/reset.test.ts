// Killed while creating a network, the engine left a bridge with its address (and so a route)
// that no network record owned, and `engine reset --force` did not remove it. Now the next start
// rolls the creation back (network/creating journal), and reset removes everything named with
// the engine's prefix, whatever record there is: links (bridges, veths) and namespaces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { E2eEngine } from '../e2e/harness';
import { hostState, nothingLeft } from './leftovers';

let e: E2eEngine;
const ip = (...args: string[]): number | null => spawnSync('ip', args, { stdio: 'ignore' }).status;

before(async () => { e = await E2eEngine.create('berth-rec-reset-'); });
after(async () => {
  // Whatever a failure left of the strays this file made by hand.
  const p = e.names.networkPrefix;
  for (const l of [`${p}bstray`, `${p}vstray`]) ip('link', 'del', l);
  ip('netns', 'del', `${p}-other-stray`);
  await e.close();
});

const state = () => hostState({ prefix: e.names.networkPrefix, root: e.t.root, cgroupParent: e.names.cgroupParent });

test('a network creation killed after its bridge was made: the next engine deletes that bridge', async () => {
  const r = await e.run(['network', 'create', 'n1'], { env: { BERTH_TEST_CRASH_AT: 'network-create' } });
  assert.notEqual(r.code, 0);
  assert.match(await readFile(join(e.t.root, 'berthd.log'), 'utf8'), /test crash point network-create/);
  const left = (await state()).bridges;
  assert.equal(left.length, 1, 'the crash left its bridge');
  assert.match(spawnSync('ip', ['-o', '-4', 'addr', 'show', 'dev', left[0]], { encoding: 'utf8' }).stdout, /inet \d/, 'with its gateway address');
  await e.ok(['network', 'ls'], {});
  assert.equal(existsSync(`/sys/class/net/${left[0]}`), false, 'rolled back at start');
  await e.ok(['network', 'create', 'n1'], {});
  assert.equal((await state()).bridges.length, 1);
});

test('engine reset --force removes every link and namespace with the engine prefix, recorded or not', async () => {
  const p = e.names.networkPrefix;
  assert.equal(ip('link', 'add', `${p}bstray`, 'type', 'bridge'), 0);
  assert.equal(ip('link', 'add', `${p}vstray`, 'type', 'veth', 'peer', 'name', `${p}vstrayp`), 0);
  assert.equal(ip('netns', 'add', `${p}-other-stray`), 0);
  await e.ok(['container', 'ls'], {});
  const r = await e.ok(['engine', 'reset', '--force'], {});
  assert.match(r.stdout, /engine reset/);
  const s = await state();
  assert.ok(nothingLeft(s), JSON.stringify(s));
});
