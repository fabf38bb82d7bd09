// Network connect and disconnect of a running container, killed half-way: a connect killed after
// its veth was made (sandbox not yet saved) is rolled back at the next start (the veth on our
// bridge that no sandbox names is deleted); a disconnect killed after its veth was deleted is
// finished (the endpoint dropped from the sandbox and from the container's NetworkSettings).
// Either way the next connect works and rm/network rm leave nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readEnginePid, stopEngineProcess } from '../../core/engine/index';
import { E2eEngine } from '../e2e/harness';
import { hostState, nothingLeft, type HostState } from './leftovers';

let e: E2eEngine;

before(async () => {
  e = await E2eEngine.create('berth-rec-conn-');
  await e.ok(['image', 'load', '-i', e.archive], {});
  await e.ok(['network', 'create', 'n1'], {});
  await e.ok(['network', 'create', 'n2'], {});
  await e.ok(['container', 'run', '-d', '--name', 'c1', '--network', 'n1', 'busybox:latest', 'sleep', '1000'], {});
});
after(async () => {
  await e.run(['container', 'rm', '-f', 'c1'], {}).catch(() => undefined);
  await e.close();
});

const state = (): Promise<HostState> => hostState({ prefix: e.names.networkPrefix, root: e.t.root, cgroupParent: e.names.cgroupParent });

async function networksOf(name: string): Promise<string[]> {
  const r = await e.ok(['container', 'inspect', name], {});
  return Object.keys((JSON.parse(r.stdout) as Array<{ NetworkSettings: { Networks: Record<string, unknown> } }>)[0].NetworkSettings.Networks).sort();
}

async function crashDuring(args: string[], step: string): Promise<void> {
  const pid = await readEnginePid(e.t.root);
  if (pid !== undefined) await stopEngineProcess(pid);
  const r = await e.run(args, { env: { BERTH_TEST_CRASH_AT: step } });
  assert.notEqual(r.code, 0, `${args.join(' ')} survived ${step}`);
  assert.match(await readFile(join(e.t.root, 'berthd.log'), 'utf8'), new RegExp(`test crash point ${step} `));
}

test('connect killed after the veth was made: rolled back at start, and connect works again', async () => {
  await crashDuring(['network', 'connect', 'n2', 'c1'], 'network-connect');
  assert.equal((await state()).veths.length, 2, 'the crash left the new veth');
  assert.deepEqual(await networksOf('c1'), ['n1']);
  assert.equal((await state()).veths.length, 1, 'the stray veth went at start');
  await e.ok(['network', 'connect', 'n2', 'c1'], {});
  assert.deepEqual(await networksOf('c1'), ['n1', 'n2']);
  assert.equal((await state()).veths.length, 2);
});

test('disconnect killed after the veth was deleted: finished at start, and connect works again', async () => {
  await crashDuring(['network', 'disconnect', 'n2', 'c1'], 'network-disconnect');
  assert.deepEqual(await networksOf('c1'), ['n1']);
  assert.equal((await state()).veths.length, 1);
  await e.ok(['network', 'connect', 'n2', 'c1'], {});
  assert.deepEqual(await networksOf('c1'), ['n1', 'n2']);
});

test('rm and network rm leave nothing after both', async () => {
  await e.ok(['container', 'rm', '-f', 'c1'], {});
  await e.ok(['network', 'rm', 'n1', 'n2'], {});
  let s = await state();
  for (const deadline = Date.now() + 3000; !nothingLeft(s) && Date.now() < deadline; s = await state()) await sleep(50);
  assert.ok(nothingLeft(s), JSON.stringify(s));
});
