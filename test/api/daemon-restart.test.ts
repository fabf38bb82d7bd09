// A clean shutdown of berthd leaves containers running (conmon owns them); a new daemon on the same
// root serves them again: still running, same logs, and their exit is observed by the new one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient, demuxStream } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { closeDaemonSuite, tempRoot, testNames, type TempRoot } from './helpers';

const names = testNames();
let t: TempRoot | undefined;
let daemon: Daemon | undefined;

after(() => closeDaemonSuite(t, daemon, names.cgroupParent));

async function logs(c: EngineClient, ref: string, timestamps = false): Promise<string> {
  const { stream } = await c.getContainer(ref).logs({ stdout: true, stderr: true, timestamps });
  const out = new PassThrough();
  let s = '';
  out.on('data', (b: Buffer) => { s += b; });
  await demuxStream(stream, out, out);
  return s;
}

test('containers outlive a daemon restart and the new daemon sees their exit', async () => {
  t = await tempRoot('berth-api-restart-');
  const opts = { root: t.root, socketPath: t.socketPath, log: () => undefined, ...names };
  daemon = await Daemon.start(opts);
  let c = new EngineClient(t.socketPath);
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  await c.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  await c.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo before; sleep 3; echo after; exit 4'] }, 'survivor');
  await c.getContainer('survivor').start();
  const pid = (await c.getContainer('survivor').inspect()).State.Pid;
  c.close();
  await daemon.close();
  daemon = undefined;
  process.kill(pid, 0); // still alive without the engine
  daemon = await Daemon.start(opts);
  c = new EngineClient(t.socketPath);
  try {
    const info = await c.getContainer('survivor').inspect();
    assert.equal(info.State.Running, true);
    assert.equal(info.State.Pid, pid);
    const { result } = await c.getContainer('survivor').wait('not-running');
    assert.equal((await result).StatusCode, 4, 'the exit is observed by the new daemon');
    assert.equal(await logs(c, 'survivor'), 'before\nafter\n');
  } finally {
    c.close();
  }
});

/** Polls `check` every 50 ms until it holds or `ms` pass. */
async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('restart policies run through the daemon with back-off, and survive a daemon restart', async () => {
  assert.ok(t, 'the first test made the root');
  const opts = { root: t.root, socketPath: t.socketPath, log: () => undefined, ...names };
  daemon ??= await Daemon.start(opts);
  let c = new EngineClient(t.socketPath);
  try {
    // on-failure:2 — two restarts, then it stays exited; starts are spaced by the back-off.
    await c.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo run; exit 1'], HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } }, 'flaky');
    await c.getContainer('flaky').start();
    await until(async () => (await c.getContainer('flaky').inspect()).RestartCount === 2, 15_000, 'two restarts');
    await until(async () => !(await c.getContainer('flaky').inspect()).State.Running && (await logs(c, 'flaky')).trim().split('\n').length === 3, 10_000, 'the last run to end');
    await new Promise((r) => setTimeout(r, 700));
    const info = await c.getContainer('flaky').inspect();
    assert.equal(info.RestartCount, 2, 'MaximumRetryCount respected');
    assert.equal(info.State.Status, 'exited');
    const starts = (await logs(c, 'flaky', true)).trim().split('\n').map((l) => Date.parse(l.split(' ')[0]!));
    assert.equal(starts.length, 3);
    // dockerd's back-off: 100 ms before the first restart, 200 ms before the second.
    assert.ok(starts[1]! - starts[0]! >= 100, `first restart after ${starts[1]! - starts[0]!} ms`);
    assert.ok(starts[2]! - starts[1]! >= 200, `second restart after ${starts[2]! - starts[1]!} ms`);

    // always — it ends while no daemon runs; the next daemon starts it again.
    await c.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo run; sleep 1; exit 3'], HostConfig: { RestartPolicy: { Name: 'always' } } }, 'keeper');
    await c.getContainer('keeper').start();
    c.close();
    await daemon.close();
    daemon = undefined;
    await new Promise((r) => setTimeout(r, 1500));
    daemon = await Daemon.start(opts);
    c = new EngineClient(t.socketPath);
    await until(async () => (await logs(c, 'keeper')).split('run').length - 1 >= 2, 10_000, 'keeper to run again');
    assert.ok((await c.getContainer('keeper').inspect()).RestartCount >= 1);
    await c.getContainer('keeper').stop({ t: 0 });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await c.getContainer('keeper').inspect()).State.Running, false, 'a user stop is not undone by the policy');
  } finally {
    c.close();
  }
});
