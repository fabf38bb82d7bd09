// The engine can die and come back: conmon keeps the container, its log and its exit code. A new
// ContainerService over the same state root (what berthd does on start) re-attaches to what still
// runs and marks what died while it was away as exited with the real code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { makeHarness, logText, type Harness } from './harness';

let h: Harness;
before(async () => { h = await makeHarness(); });
after(async () => { await h?.cleanup(); });

async function waitFor(cond: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await cond()) return; await new Promise((r) => setTimeout(r, 50)); }
  throw new Error('condition not met in time');
}

test('a running container survives the service; the new one sees it, its logs, then its exit code', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo before; while [ ! -f /tmp/go ]; do sleep 0.1; done; echo after; exit 42'] }, 'survivor');
  await h.svc.start(Id);
  await waitFor(async () => (await logText(h.svc, Id)).includes('before'));
  const pid = h.svc.inspect(Id).State.Pid;
  h.svc.close(); // the engine goes away; conmon stays

  const svc2 = await h.reopen();
  const st = svc2.inspect('survivor').State;
  assert.equal(st.Status, 'running');
  assert.equal(st.Pid, pid);
  assert.equal(await logText(svc2, Id), 'before\n');
  const waited = svc2.wait(Id);
  await writeFile(`/proc/${pid}/root/tmp/go`, '');
  assert.equal((await waited).StatusCode, 42);
  assert.equal(svc2.inspect(Id).State.ExitCode, 42);
  assert.equal(await logText(svc2, Id), 'before\nafter\n');
});

test('a container that exits while no service runs is marked exited with its code on recovery', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo bye; sleep 0.3; exit 7'] });
  const svc = await h.reopen();
  await svc.start(Id);
  svc.close();
  await new Promise((r) => setTimeout(r, 1200)); // it exits while nobody watches
  const svc3 = await h.reopen();
  const st = svc3.inspect(Id).State;
  assert.equal(st.Status, 'exited');
  assert.equal(st.ExitCode, 7);
  assert.equal(await logText(svc3, Id), 'bye\n');
  await svc3.start(Id);
  assert.equal((await svc3.wait(Id)).StatusCode, 7, 'and it can be started again');
});

test('a paused container is still paused after recovery, and can be unpaused', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '60'] });
  const svc = await h.reopen();
  await svc.start(Id);
  await svc.pause(Id);
  svc.close();
  const svc4 = await h.reopen();
  assert.equal(svc4.inspect(Id).State.Status, 'paused');
  await svc4.unpause(Id);
  assert.equal(svc4.inspect(Id).State.Status, 'running');
  await svc4.stop(Id, { timeout: 0 });
  assert.equal(svc4.inspect(Id).State.ExitCode, 137);
  const conmonPid = Number(await readFile(`${svc4.get(Id).dir}/conmon.pid`, 'utf8').catch(() => '0'));
  await waitFor(() => { try { process.kill(conmonPid, 0); return false; } catch { return true; } });
});

test('restart policy always: a container that died while the engine was away is started again on recovery', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo run; sleep 0.3; exit 3'], HostConfig: { RestartPolicy: { Name: 'always' } } });
  const svc = await h.reopen();
  await svc.start(Id);
  svc.close();
  await new Promise((r) => setTimeout(r, 1000));
  const svc5 = await h.reopen();
  assert.equal(svc5.inspect(Id).RestartCount, 1);
  assert.ok(['running', 'restarting', 'exited'].includes(svc5.inspect(Id).State.Status));
  await waitFor(async () => (await logText(svc5, Id)).split('run').length - 1 >= 2);
  await svc5.stop(Id, { timeout: 0 });
  assert.equal(svc5.inspect(Id).State.Status, 'exited');
});

test('a container whose monitor was killed is marked exited (255) on recovery, its process ended', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '60'] });
  const svc = await h.reopen();
  await svc.start(Id);
  const pid = svc.inspect(Id).State.Pid;
  const conmonPid = Number(await readFile(`${svc.get(Id).dir}/conmon.pid`, 'utf8'));
  svc.close();
  process.kill(conmonPid, 'SIGKILL'); // the monitor we started, by its pid
  await waitFor(() => { try { process.kill(conmonPid, 0); return false; } catch { return true; } });
  const svc6 = await h.reopen();
  const st = svc6.inspect(Id).State;
  assert.equal(st.Status, 'exited');
  assert.equal(st.ExitCode, 255);
  assert.match(st.Error, /monitor/);
  await waitFor(() => { try { process.kill(pid, 0); return false; } catch { return true; } });
});

test('restartPolicies "external": no built-in restart; runtime/restart\'s RestartManager drives it through the host methods', async () => {
  const { RestartManager } = await import('../../runtime/restart/index');
  const svc = await h.reopen();
  svc.close();
  const { ContainerService } = await import('../../runtime/containers/index');
  const ext = await ContainerService.open({ ...h.opts, restartPolicies: 'external' });
  try {
    const { Id } = await ext.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo run; exit 1'], HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
    await ext.start(Id);
    await ext.wait(Id);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ext.inspect(Id).RestartCount, 0, 'nothing restarts it by itself');
    assert.equal(ext.inspect(Id).State.Status, 'exited');
    const mgr = new RestartManager({
      host: { describe: (id) => ext.describeForRestart(id), restart: (id) => ext.policyRestart(id), markRestarting: (id, on) => ext.markRestarting(id, on) },
      subscribe: (fn) => h.events.subscribe(fn),
      clock: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout) },
    });
    mgr.start();
    try {
      await ext.start(Id);
      await waitFor(() => ext.inspect(Id).RestartCount === 2 && ext.inspect(Id).State.Status === 'exited', 10_000);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(ext.inspect(Id).RestartCount, 2, 'MaximumRetryCount respected');
      assert.equal((await logText(ext, Id)).split('run').length - 1, 4);
    } finally { mgr.close(); }
  } finally { ext.close(); }
});
