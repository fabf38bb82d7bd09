// The short create/start path through a real berthd (overlay snapshots, volumes, crun/runc):
// a container without mounts writes no volume-tracking record, and still survives a daemon
// restart (created and running ones), is started, removed, and leaves nothing behind; one
// with mounts keeps its record for volumes_from; a bare KEY in Env unsets the image's KEY.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { access, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive, PATH_ENV } from '../fixtures/busybox-image';
import { closeDaemonSuite, tempRoot, testNames, type TempRoot } from '../api/helpers';

const names = testNames();
let t: TempRoot | undefined;
let daemon: Daemon | undefined;

after(() => closeDaemonSuite(t, daemon, names.cgroupParent));

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);
const mounted = async (p: string): Promise<boolean> => (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').some((l) => l.split(' ')[4] === p);

test('a container without mounts leaves no volume record, survives a daemon restart, and its removal leaves nothing', async () => {
  t = await tempRoot('berth-ct-create-');
  const opts = { root: t.root, socketPath: t.socketPath, log: () => undefined, ...names };
  daemon = await Daemon.start(opts);
  let c = new EngineClient(t.socketPath);
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest', config: { Env: [PATH_ENV, 'DEBUG=1', 'KEEP=1'], Cmd: ['sh'] } });
  await c.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  const tracked = (id: string): Promise<boolean> => exists(join(t!.root, 'volumes', '_containers', `${id}.json`));
  const host = { NetworkMode: 'none' };
  const plain = (await c.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo "[$DEBUG][$KEEP]"; sleep 2; exit 3'], Env: ['DEBUG'], HostConfig: host }, 'plain')).Id;
  const idle = (await c.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'exit 5'], HostConfig: host }, 'idle')).Id;
  const withTmpfs = (await c.createContainer({ Image: 'bb', Cmd: ['true'], HostConfig: { ...host, Tmpfs: { '/scratch': '' } } }, 'tmpfs')).Id;
  assert.equal(await tracked(plain), false, 'no mounts: no volume-tracking record');
  assert.equal(await tracked(idle), false);
  assert.equal(await tracked(withTmpfs), true, 'a container with a mount keeps its record');
  // The bare DEBUG unset the image's DEBUG (as dockerd); KEEP is inherited.
  assert.deepEqual((await c.getContainer('plain').inspect()).Config.Env, [PATH_ENV, 'KEEP=1']);
  // volumes_from by name: a container without mounts gives nothing, one with a tmpfs gives no
  // volume either (tmpfs is not inherited), an unknown one is NOT_FOUND.
  await c.createContainer({ Image: 'bb', Cmd: ['true'], HostConfig: { ...host, VolumesFrom: ['idle', 'tmpfs:ro'] } }, 'heir');
  await assert.rejects(c.createContainer({ Image: 'bb', Cmd: ['true'], HostConfig: { ...host, VolumesFrom: ['nosuch'] } }), /nosuch/);
  await c.getContainer('plain').start();
  const rootfs = join(t.root, 'rootfs');
  assert.ok(await mounted(join(rootfs, plain)) && await mounted(join(rootfs, idle)));
  // A clean daemon restart: the running one and the created one are served again.
  c.close();
  await daemon.close();
  daemon = await Daemon.start(opts);
  c = new EngineClient(t.socketPath);
  assert.equal((await c.getContainer('plain').inspect()).State.Running, true);
  assert.equal((await c.getContainer('idle').inspect()).State.Status, 'created');
  await c.getContainer('idle').start();
  assert.equal((await (await c.getContainer('idle').wait('not-running')).result).StatusCode, 5, 'the created container starts after the restart');
  assert.equal((await (await c.getContainer('plain').wait('not-running')).result).StatusCode, 3);
  // Removal: rootfs unmounted (off the loop), snapshot and dirs gone once the teardown finished.
  for (const n of ['plain', 'idle', 'tmpfs', 'heir']) await c.getContainer(n).remove({ force: true });
  c.close();
  await daemon.close(); // waits for the teardowns
  daemon = undefined;
  for (const id of [plain, idle, withTmpfs]) {
    assert.equal(await mounted(join(rootfs, id)), false, `rootfs of ${id} unmounted`);
    assert.equal(await exists(join(rootfs, id)), false);
    assert.equal(await tracked(id), false);
  }
  const snaps = await readdir(join(t.root, 'snapshots', 'overlayfs', 'metadata'));
  assert.deepEqual(snaps.filter((f) => f.startsWith('container-')), [], 'no container snapshot left');
});
