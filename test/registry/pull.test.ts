// Pull from a real registry (Debian's docker-registry on loopback, plain HTTP) into a real
// engine through the API: the image arrives with Docker's progress stream, is inspectable with
// its RepoDigest, a second pull finds nothing missing, pulls by digest work, and an unknown tag
// or repository fails with a message naming the image.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Daemon } from '../../runtime/daemon/main';
import type { BuiltImage } from '../fixtures/busybox-image';
import { raw, tempRoot, testNames, closeDaemonSuite, type TempRoot } from '../api/helpers';
import { startRegistry, pushHelloImage, skopeoInspect, type TestRegistry } from './harness';

let t: TempRoot;
let daemon: Daemon;
let reg: TestRegistry;
let img: BuiltImage;
const names = testNames();

before(async () => {
  t = await tempRoot('berth-pull-');
  reg = await startRegistry(join(t.dir, 'registry'));
  img = await pushHelloImage(t.dir, `${reg.host}/team/bb:v1`);
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names });
});
after(async () => {
  await closeDaemonSuite(t, daemon, names.cgroupParent);
  await reg?.stop();
});

const lines = (body: string): Record<string, unknown>[] => body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('pull streams Docker progress and stores the image with its RepoDigest', async () => {
  const res = await raw(t.socketPath, 'POST', `/v1.41/images/create?fromImage=${reg.host}/team/bb&tag=v1`);
  assert.equal(res.status, 200, res.body);
  const msgs = lines(res.body);
  const statuses = msgs.map((m) => m.status);
  assert.equal(statuses[0], 'Pulling from team/bb');
  assert.ok(msgs.filter((m) => m.status === 'Pulling fs layer').length === 2, res.body);
  assert.ok(msgs.some((m) => m.status === 'Downloading' && (m.progressDetail as { total: number }).total > 0));
  assert.ok(msgs.filter((m) => m.status === 'Pull complete').length === 2);
  // dockerd's order per layer: Extracting (with progress) after Download complete, before Pull complete
  for (const id of new Set(msgs.filter((m) => m.status === 'Pull complete').map((m) => m.id))) {
    const order = msgs.filter((m) => m.id === id).map((m) => m.status);
    assert.ok(order.indexOf('Download complete') < order.indexOf('Extracting') && order.indexOf('Extracting') < order.indexOf('Pull complete'), order.join(', '));
  }
  const remote = await skopeoInspect(`${reg.host}/team/bb:v1`);
  assert.ok(statuses.includes(`Digest: ${remote.Digest}`), res.body);
  assert.equal(statuses.at(-1), `Status: Downloaded newer image for ${reg.host}/team/bb:v1`);
  const inspect = JSON.parse((await raw(t.socketPath, 'GET', `/images/${reg.host}/team/bb:v1/json`)).body) as { Id: string; RepoDigests: string[]; RepoTags: string[] };
  assert.equal(inspect.Id, img.imageId);
  assert.deepEqual(inspect.RepoDigests, [`${reg.host}/team/bb@${remote.Digest}`]);
});

test('a second pull fetches nothing and says the image is up to date; by digest works too', async () => {
  const res = await raw(t.socketPath, 'POST', `/images/create?fromImage=${reg.host}/team/bb&tag=v1`);
  const msgs = lines(res.body);
  assert.ok(!msgs.some((m) => m.status === 'Downloading' || m.status === 'Pulling fs layer'), res.body);
  assert.equal(msgs.at(-1)?.status, `Status: Image is up to date for ${reg.host}/team/bb:v1`);
  const digest = (await skopeoInspect(`${reg.host}/team/bb:v1`)).Digest;
  const byDigest = await raw(t.socketPath, 'POST', `/images/create?fromImage=${reg.host}/team/bb&tag=${digest}`);
  assert.equal(byDigest.status, 200);
  assert.ok(!byDigest.body.includes('errorDetail'), byDigest.body);
  const inspect = await raw(t.socketPath, 'GET', `/images/${reg.host}/team/bb@${digest}/json`);
  assert.equal(inspect.status, 200);
});

test('an unknown tag or repository is a 404 naming the image; a registry that is down is 503', async () => {
  const tag = await raw(t.socketPath, 'POST', `/images/create?fromImage=${reg.host}/team/bb&tag=nope`);
  assert.equal(tag.status, 404);
  assert.match(JSON.parse(tag.body).message, new RegExp(`${reg.host}/team/bb:nope: manifest unknown`));
  const repo = await raw(t.socketPath, 'POST', `/images/create?fromImage=${reg.host}/no/such&tag=latest`);
  assert.equal(repo.status, 404);
  const down = await raw(t.socketPath, 'POST', '/images/create?fromImage=127.0.0.1:1/x&tag=latest');
  assert.equal(down.status, 503);
  assert.match(JSON.parse(down.body).message, /registry 127\.0\.0\.1:1 is not reachable/);
});

test('GET /distribution/{name}/json names what the reference resolves to', async () => {
  const res = await raw(t.socketPath, 'GET', `/distribution/${reg.host}/team/bb:v1/json`);
  assert.equal(res.status, 200, res.body);
  const body = JSON.parse(res.body) as { Descriptor: { digest: string; mediaType: string; size: number }; Platforms: unknown[] };
  assert.equal(body.Descriptor.digest, (await skopeoInspect(`${reg.host}/team/bb:v1`)).Digest);
  assert.ok(body.Descriptor.size > 0);
  assert.equal((await raw(t.socketPath, 'GET', `/distribution/${reg.host}/team/bb:nope/json`)).status, 404);
});
