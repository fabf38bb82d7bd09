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
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from './helpers';

const names = testNames();
let t: TempRoot | undefined;
let daemon: Daemon | undefined;

after(async () => {
  if (!t) return;
  const c = new EngineClient(t.socketPath);
  for (const x of await c.listContainers({ all: true }).catch(() => [])) await c.getContainer(x.Id).remove({ force: true }).catch(() => undefined);
  c.close();
  await resetNetworks(t.socketPath);
  await daemon?.close();
  await unmountUnder(t.root);
  await removeCgroupParent(names.cgroupParent);
  await t.cleanup();
});

async function logs(c: EngineClient, ref: string): Promise<string> {
  const { stream } = await c.getContainer(ref).logs({ stdout: true, stderr: true });
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
