// A container whose monitor (conmon) dies: the engine notices (a poll of the monitor's process,
// told apart from a reused pid by its start time), kills what is left of the container, marks
// it exited (255, with the reason in State.Error), and stop, kill and rm work. Before, it showed
// the container running forever and `stop` hung. The same at recovery, when the monitor died
// while the engine was down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readEnginePid, stopEngineProcess } from '../../core/engine/index';
import { E2eEngine } from '../e2e/harness';
import { hostState } from './leftovers';

let e: E2eEngine;

before(async () => {
  e = await E2eEngine.create('berth-rec-mon-');
  await e.ok(['image', 'load', '-i', e.archive], {});
});
after(async () => {
  for (const n of ['m1', 'm2', 'm3']) await e.run(['container', 'rm', '-f', n], {}).catch(() => undefined);
  await e.close();
});

interface State { Status: string; Pid: number; ExitCode: number; Error: string }

async function inspect(name: string): Promise<{ Id: string; State: State }> {
  const r = await e.ok(['container', 'inspect', name], {});
  return (JSON.parse(r.stdout) as Array<{ Id: string; State: State }>)[0];
}

/** Runs `name` detached on the default network; returns its id, init pid and conmon pid. */
async function runDetached(name: string): Promise<{ id: string; init: number; conmon: number }> {
  await e.ok(['container', 'run', '-d', '--name', name, 'busybox:latest', 'sleep', '1000'], {});
  const c = await inspect(name);
  const conmon = Number((await readFile(join(e.t.root, 'containers', c.Id, 'conmon.pid'), 'utf8')).trim());
  assert.ok(conmon > 0 && c.State.Pid > 0);
  return { id: c.Id, init: c.State.Pid, conmon };
}

async function until(what: string, ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(50);
  }
}

const exitedWithMonitorGone = (s: State): void => {
  assert.equal(s.Status, 'exited');
  assert.equal(s.ExitCode, 255);
  assert.match(s.Error, /conmon/);
};

test('a dead conmon is noticed: the container is marked exited, its init killed, and rm works', async () => {
  const c = await runDetached('m1');
  process.kill(c.conmon, 'SIGKILL');
  await until('m1 to be reported exited', async () => (await inspect('m1')).State.Status === 'exited');
  exitedWithMonitorGone((await inspect('m1')).State);
  await until('the init process to be gone', async () => !existsSync(`/proc/${c.init}`));
  await e.ok(['container', 'rm', 'm1'], {});
});

test('stop of a container whose conmon died returns (it hung before)', async () => {
  const c = await runDetached('m2');
  process.kill(c.conmon, 'SIGKILL');
  const t0 = Date.now();
  await e.ok(['container', 'stop', '-t', '30', 'm2'], { timeoutMs: 20_000 });
  assert.ok(Date.now() - t0 < 15_000, `stop took ${Date.now() - t0} ms`);
  exitedWithMonitorGone((await inspect('m2')).State);
  await until('the init process to be gone', async () => !existsSync(`/proc/${c.init}`), 3000);
  await e.ok(['container', 'rm', 'm2'], {});
});

test('a conmon that died while the engine was down: the next engine marks the container exited and kills its init', async () => {
  const c = await runDetached('m3');
  const pid = await readEnginePid(e.t.root);
  if (pid !== undefined) await stopEngineProcess(pid);
  process.kill(c.conmon, 'SIGKILL');
  await sleep(100);
  assert.ok(existsSync(`/proc/${c.init}`), 'the init outlived its monitor');
  const s = (await inspect('m3')).State;
  assert.equal(s.Status, 'exited');
  await until('the init process to be gone', async () => !existsSync(`/proc/${c.init}`));
  await e.ok(['container', 'rm', 'm3'], {});
  // rm answers before its teardown (rootfs, cgroup, veth) is done: bounded wait for it.
  const host = () => hostState({ prefix: e.names.networkPrefix, root: e.t.root, cgroupParent: e.names.cgroupParent });
  await until('the container\'s veth, mounts, conmon and cgroup to be gone', async () => {
    const h = await host();
    return !h.veths.length && !h.mounts.length && !h.conmons.length && !h.cgroups.length;
  }, 5000).catch(async (err: Error) => { throw new Error(`${err.message}: ${JSON.stringify(await host())}`); });
});
