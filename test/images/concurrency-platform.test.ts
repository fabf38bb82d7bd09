// Loads racing each other and GC, and picking this host's manifest from a multi-platform index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDockerArchive, makeOciLayout, goArch } from '../fixtures/busybox-image';
import { sha256 } from '../fixtures/tar';
import { tmp, openService } from './helpers';

test('three concurrent loads of one archive make one image and one snapshot per layer', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'a.tar'), { extraLayers: [[{ name: 'x', content: 'x' }]] });
  const { images } = await openService();
  const results = await Promise.all([1, 2, 3].map(() => images.load(createReadStream(join(d, 'a.tar')))));
  for (const r of results) assert.deepEqual(r, [{ id: img.imageId, repoTags: ['busybox:latest'] }]);
  assert.equal((await images.list()).length, 1);
  const snaps = await images.snapshotter.list();
  assert.deepEqual(snaps.map((s) => s.kind), ['committed', 'committed']);
});

test('GC running during a load never collects what the load is writing', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'a.tar'), { extraLayers: [[{ name: 'y', content: 'y' }]] });
  const { images } = await openService();
  let done = false;
  const load = images.load(createReadStream(join(d, 'a.tar'))).finally(() => { done = true; });
  let runs = 0;
  const gcs = (async () => { while (!done) { await images.gc(); runs++; } })();
  await Promise.all([load, gcs]);
  assert.ok(runs > 3, `GC ran ${runs} times during the load`);
  const rec = await images.get(img.imageId);
  for (const b of [rec.config.digest, rec.manifest.digest, ...rec.layers.map((l) => l.digest)]) assert.ok(await images.content.has(b), b);
  for (const c of rec.chainIds) assert.equal((await images.snapshotter.stat(c)).kind, 'committed');
  assert.deepEqual((await images.gc()).blobs, []);
});

test('an OCI index with several platforms loads the manifest for this host', async () => {
  const d = await tmp();
  const layout = join(d, 'layout');
  const img = await makeOciLayout(layout, { name: 'multi', tag: 'v1' });
  const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8'));
  const hostManifest = index.manifests[0];
  // A decoy for another platform whose manifest blob does not even exist: it must not be read.
  const other = { mediaType: hostManifest.mediaType, digest: 'sha256:' + 'e'.repeat(64), size: 1, platform: { os: 'linux', architecture: goArch() === 'arm64' ? 'amd64' : 'arm64' } };
  const nested = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [other, { ...hostManifest, annotations: undefined, platform: { os: 'linux', architecture: goArch() } }],
  }));
  await mkdir(join(layout, 'blobs/sha256'), { recursive: true });
  await writeFile(join(layout, 'blobs/sha256', sha256(nested).slice(7)), nested);
  index.manifests = [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(nested), size: nested.length, annotations: hostManifest.annotations }];
  await writeFile(join(layout, 'index.json'), JSON.stringify(index));
  const { images } = await openService();
  assert.deepEqual(await images.load({ dir: layout }), [{ id: img.imageId, repoTags: ['multi:v1'] }]);
  assert.equal((await images.inspect('multi:v1')).Architecture, goArch());
  const { images: wrongHost } = await openService({ platform: { os: 'linux', architecture: 's390x' } });
  await assert.rejects(wrongHost.load({ dir: layout }), { code: 'NOT_FOUND', message: /no manifest for linux\/s390x/ });
});

test('platform-tagged manifests at the top of index.json: only this host\'s is loaded', async () => {
  const d = await tmp();
  const layout = join(d, 'layout');
  const img = await makeOciLayout(layout, { name: 'flat', tag: 'v1' });
  const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8'));
  const host = { ...index.manifests[0], platform: { os: 'linux', architecture: goArch() } };
  const other = { ...index.manifests[0], digest: 'sha256:' + 'f'.repeat(64), platform: { os: 'linux', architecture: 'riscv64' } };
  index.manifests = [other, host];
  await writeFile(join(layout, 'index.json'), JSON.stringify(index));
  const { images } = await openService();
  assert.deepEqual(await images.load({ dir: layout }), [{ id: img.imageId, repoTags: ['flat:v1'] }]);
});
