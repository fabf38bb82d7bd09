// The API server on a real unix socket with a real daemon (no container/image services needed):
// _ping headers, version negotiation, error bodies and statuses, /info, socket mode, one engine
// per root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { CoreError } from '../../core/errors';
import { raw, resetNetworks, tempRoot, testNames, removeCgroupParent, type TempRoot } from './helpers';

let t: TempRoot;
let daemon: Daemon;
const names = testNames();
const logs: string[] = [];

before(async () => {
  t = await tempRoot();
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: (l) => logs.push(l), ...names });
});
after(async () => {
  if (t) await resetNetworks(t.socketPath);
  await daemon?.close();
  await removeCgroupParent(names.cgroupParent);
  await t?.cleanup();
});

test('HEAD and GET /_ping answer OK with the headers the docker CLI reads', async () => {
  const head = await raw(t.socketPath, 'HEAD', '/_ping');
  assert.equal(head.status, 200);
  assert.equal(head.headers['api-version'], '1.45');
  assert.equal(head.headers['ostype'], 'linux');
  assert.equal(head.headers['docker-experimental'], 'false');
  assert.equal(head.headers['builder-version'], '1');
  const get = await raw(t.socketPath, 'GET', '/v1.41/_ping');
  assert.equal(get.body, 'OK');
});

test('versioned and unversioned paths; versions outside 1.41..1.45 are refused with 400', async () => {
  for (const p of ['/version', '/v1.41/version', '/v1.45/version']) {
    const r = await raw(t.socketPath, 'GET', p);
    assert.equal(r.status, 200, p);
    const v = JSON.parse(r.body);
    assert.equal(v.ApiVersion, '1.45');
    assert.equal(v.MinAPIVersion, '1.41');
    assert.equal(v.Os, 'linux');
  }
  const old = await raw(t.socketPath, 'GET', '/v1.40/version');
  assert.equal(old.status, 400);
  assert.match(JSON.parse(old.body).message, /client version 1\.40 is too old/);
  const tooNew = await raw(t.socketPath, 'GET', '/v1.99/containers/json');
  assert.equal(tooNew.status, 400);
  assert.match(JSON.parse(tooNew.body).message, /too new/);
});

test('unknown paths are 404 with a Docker error body', async () => {
  const r = await raw(t.socketPath, 'GET', '/v1.41/nope');
  assert.equal(r.status, 404);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(r.body), { message: 'page not found' });
});

test('/info reports the root, cgroup version and the runtimes found', async () => {
  const c = new EngineClient(t.socketPath);
  try {
    const info = await c.info();
    assert.equal(info.DockerRootDir, t.root);
    assert.equal(info.OSType, 'linux');
    assert.match(info.CgroupVersion, /^[12]$/);
    assert.ok(Object.keys(info.Runtimes).some((r) => r === 'crun' || r === 'runc'), 'crun or runc on PATH');
    assert.ok(info.ID.length > 0);
  } finally {
    c.close();
  }
});

test('the client maps error statuses back to codes', async () => {
  const c = new EngineClient(t.socketPath);
  try {
    await assert.rejects(c.transport.json({ method: 'GET', path: '/nope' }), (e: CoreError) => e.code === 'NOT_FOUND' && e.message === 'page not found');
    await assert.rejects(c.transport.json({ method: 'GET', path: '/v1.2/version' }), (e: CoreError) => e.code === 'INVALID_ARGUMENT');
  } finally {
    c.close();
  }
  const dead = new EngineClient(t.socketPath + '.missing');
  await assert.rejects(dead.ping(), (e: CoreError) => e.code === 'UNAVAILABLE');
  dead.close();
});

test('the socket is mode 0660 and a second engine on a live socket is refused', async () => {
  const s = await stat(t.socketPath);
  assert.ok(s.isSocket());
  assert.equal(s.mode & 0o777, 0o660);
  await assert.rejects(Daemon.start({ root: t.root + '-other', socketPath: t.socketPath, log: () => undefined, ...testNames() }),
    (e: Error & { code?: string }) => e.code === 'ALREADY_EXISTS');
  assert.equal((await raw(t.socketPath, 'GET', '/_ping')).body, 'OK', 'the first engine still answers');
});
