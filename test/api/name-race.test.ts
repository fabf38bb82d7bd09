// Names stay unique under concurrency (issue 13): 50 creates of one name at once, through the API
// of a real engine. Containers and networks: one 201, every other a 409 naming the conflict, and
// one object listed. Volumes: as dockerd, creating an existing local volume answers that volume,
// so all 50 get the same one and exactly one exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { closeDaemonSuite, raw, tempRoot, testNames, type TempRoot } from './helpers';

let t: TempRoot;
let daemon: Daemon;
const names = testNames();

before(async () => {
  t = await tempRoot('berth-api-names-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  const c = new EngineClient(t.socketPath);
  await c.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  c.close();
});
after(() => closeDaemonSuite(t, daemon, names.cgroupParent));

const N = 50;

async function fifty(path: string, body: unknown): Promise<Array<{ status: number; body: string }>> {
  return Promise.all(Array.from({ length: N }, () => raw(t.socketPath, 'POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' })));
}

const statuses = (rs: Array<{ status: number }>): Record<number, number> => {
  const out: Record<number, number> = {};
  for (const r of rs) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
};

test('50 concurrent container creates of one name: one wins, 49 get 409', async () => {
  const rs = await fifty('/containers/create?name=racer', { Image: 'bb', Cmd: ['true'] });
  assert.deepEqual(statuses(rs), { 201: 1, 409: N - 1 });
  for (const r of rs.filter((x) => x.status === 409)) assert.match(JSON.parse(r.body).message, /container name "\/racer" is already in use/);
  const list = JSON.parse((await raw(t.socketPath, 'GET', '/containers/json?all=1')).body) as Array<{ Names: string[] }>;
  assert.deepEqual(list.filter((c) => c.Names.includes('/racer')).length, 1);
});

test('a rename onto a name being created concurrently is refused as well', async () => {
  const other = JSON.parse((await raw(t.socketPath, 'POST', '/containers/create?name=renamer', JSON.stringify({ Image: 'bb', Cmd: ['true'] }), { 'Content-Type': 'application/json' })).body) as { Id: string };
  const [created, renamed] = await Promise.all([
    raw(t.socketPath, 'POST', '/containers/create?name=contested', JSON.stringify({ Image: 'bb', Cmd: ['true'] }), { 'Content-Type': 'application/json' }),
    raw(t.socketPath, 'POST', `/containers/${other.Id}/rename?name=contested`),
  ]);
  // Either order may win; exactly one of the two does.
  const outcome = `${created.status}/${renamed.status}`;
  assert.ok(outcome === '201/409' || outcome === '409/204', `create/rename answered ${outcome}`);
  const list = JSON.parse((await raw(t.socketPath, 'GET', '/containers/json?all=1')).body) as Array<{ Names: string[] }>;
  assert.equal(list.filter((c) => c.Names.includes('/contested')).length, 1, 'one container holds the name');
});

test('50 concurrent network creates of one name: one wins, 49 get 409', async () => {
  const rs = await fifty('/networks/create', { Name: 'racenet' });
  assert.deepEqual(statuses(rs), { 201: 1, 409: N - 1 });
  const list = JSON.parse((await raw(t.socketPath, 'GET', '/networks')).body) as Array<{ Name: string }>;
  assert.equal(list.filter((n) => n.Name === 'racenet').length, 1);
});

test('50 concurrent volume creates of one name: one volume, the same answer to all', async () => {
  const rs = await fifty('/volumes/create', { Name: 'racevol' });
  assert.deepEqual(statuses(rs), { 201: N });
  assert.equal(new Set(rs.map((r) => (JSON.parse(r.body) as { Mountpoint: string }).Mountpoint)).size, 1);
  const list = JSON.parse((await raw(t.socketPath, 'GET', '/volumes')).body) as { Volumes: Array<{ Name: string }> };
  assert.equal(list.Volumes.filter((v) => v.Name === 'racevol').length, 1);
});
