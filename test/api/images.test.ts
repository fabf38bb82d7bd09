// Image endpoints end to end on a real daemon with the real ImageService: load a docker-archive
// built from /bin/busybox, list/inspect/history/tag, save → load round trip keeps the id, import
// with --change, rm and prune, 404s, and the image events dockerd emits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import type { CoreError } from '../../core/errors';
import type { EventMessage } from '../../runtime/api/types';
import { makeBusyboxLayerTar, makeDockerArchive } from '../fixtures/busybox-image';
import { raw, resetNetworks, tempRoot, testNames, removeCgroupParent, type TempRoot } from './helpers';

let t: TempRoot;
let daemon: Daemon;
const names = testNames();
let client: EngineClient;
let archive: string;
let imageId: string;
const seen: EventMessage[] = [];
const abort = new AbortController();

before(async () => {
  t = await tempRoot('berth-api-img-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names });
  client = new EngineClient(t.socketPath);
  archive = join(t.dir, 'bb.tar');
  imageId = (await makeDockerArchive(archive, { name: 'bb', tag: 'latest', config: { Cmd: ['sh'], Labels: { tier: 'test' } } })).imageId;
  void client.events({ filters: { type: ['image'] }, signal: abort.signal }, (e) => seen.push(e));
});
after(async () => {
  abort.abort();
  client?.close();
  if (t) await resetNetworks(t.socketPath);
  await daemon?.close();
  await removeCgroupParent(names.cgroupParent);
  await t?.cleanup();
});

test('load a docker-archive, then list and inspect it in Docker shapes', async () => {
  const msgs = await client.loadImage(createReadStream(archive));
  assert.deepEqual(msgs, [{ stream: 'Loaded image: bb:latest\n' }]);
  const list = await client.listImages();
  assert.equal(list.length, 1);
  assert.deepEqual(list[0].RepoTags, ['bb:latest']);
  assert.equal(list[0].Id, imageId);
  assert.ok(list[0].Size > 500_000, 'busybox is in it');
  const img = await client.getImage('bb').inspect();
  assert.equal(img.Id, imageId);
  assert.deepEqual(img.Config.Cmd, ['sh']);
  assert.equal(img.RootFS.Type, 'layers');
  assert.equal(img.RootFS.Layers.length, 1);
  assert.equal((await client.getImage(imageId.slice(7, 19)).inspect()).Id, imageId, 'short id works');
  const filtered = await client.listImages({ filters: { label: ['tier=test'] } });
  assert.equal(filtered.length, 1);
  assert.equal((await client.listImages({ filters: { label: ['tier=prod'] } })).length, 0);
});

test('tag, history, and names with slashes and a registry port in the path', async () => {
  await client.getImage('bb:latest').tag({ repo: 'localhost:5000/team/bb', tag: 'v1' });
  const img = await client.getImage('localhost:5000/team/bb:v1').inspect();
  assert.deepEqual([...img.RepoTags].sort(), ['bb:latest', 'localhost:5000/team/bb:v1']);
  const hist = await client.getImage('localhost:5000/team/bb:v1').history();
  assert.equal(hist[0].Id, imageId);
  assert.match(hist[0].CreatedBy, /busybox/);
  const missing = await raw(t.socketPath, 'GET', '/v1.41/images/nope:1/json');
  assert.equal(missing.status, 404);
  assert.match(JSON.parse(missing.body).message, /No such image: nope:1/);
});

test('save then load again gives the same image id', async () => {
  const out = join(t.dir, 'saved.tar');
  await client.saveImages(['bb:latest'], createWriteStream(out));
  const removed = await client.getImage('bb:latest').remove({ force: true });
  assert.ok(removed.some((r) => r.Untagged === 'bb:latest'));
  await client.loadImage(createReadStream(out));
  assert.equal((await client.getImage('bb:latest').inspect()).Id, imageId);
});

test('import a rootfs tar with --change, then rm and prune', async () => {
  const layer = join(t.dir, 'rootfs.tar');
  await makeBusyboxLayerTar(layer);
  const msgs = await client.importImage(createReadStream(layer), { repo: 'imported', tag: 'x', changes: ['CMD ["echo","hi"]', 'ENV A=1 B="two words"', 'WORKDIR /tmp'] });
  const id = msgs[0].status as string;
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  const img = await client.getImage('imported:x').inspect();
  assert.deepEqual(img.Config.Cmd, ['echo', 'hi']);
  assert.ok(img.Config.Env?.includes('A=1') && img.Config.Env.includes('B=two words'));
  assert.equal(img.Config.WorkingDir, '/tmp');
  await assert.rejects(client.importImage(createReadStream(layer), { changes: ['FROM x'] }), (e: CoreError) => e.code === 'INVALID_ARGUMENT');
  const del = await client.getImage('imported:x').remove();
  assert.deepEqual(del.map((d) => Object.keys(d)[0]), ['Untagged', 'Deleted']);
  await assert.rejects(client.getImage('imported:x').inspect(), (e: CoreError) => e.code === 'NOT_FOUND');
  const pruned = await client.pruneImages({ dangling: ['false'] });
  assert.ok(pruned.ImagesDeleted?.some((d) => d.Deleted === imageId), 'unused image pruned with -a');
  assert.deepEqual(await client.listImages(), []);
});

test('image events: load, tag, untag, delete, import', async () => {
  await new Promise((r) => setTimeout(r, 50));
  const actions = new Set(seen.map((e) => e.Action));
  for (const a of ['load', 'tag', 'untag', 'delete', 'import']) assert.ok(actions.has(a), `saw ${a}`);
  assert.ok(seen.every((e) => e.Type === 'image' && e.scope === 'local' && e.timeNano > 0));
});
