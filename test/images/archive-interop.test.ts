// Archive formats against an independent implementation: skopeo (containers/image) reads what
// `berth image save` writes and writes archives `berth image load` reads. Also the Docker ≥ 25
// save layout and the in-archive symlinks classic `docker save` uses for duplicate layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rename, symlink, readFile } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { execFileSync } from 'node:child_process';
import { makeDockerArchive, makeOciArchive } from '../fixtures/busybox-image';
import { tmp, openService } from './helpers';

const skopeo = (...args: string[]): string => execFileSync('skopeo', ['--insecure-policy', ...args], { encoding: 'utf8' });

test('Docker 25 save layout (OCI layout + manifest.json naming blobs) loads with its id', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'a.tar'), { name: 'new', tag: 'fmt', format: 'docker25' });
  const { images } = await openService();
  assert.deepEqual(await images.load(createReadStream(join(d, 'a.tar'))), [{ id: img.imageId, repoTags: ['new:fmt'] }]);
  assert.equal((await images.get('new:fmt')).manifest.digest, img.manifestDigest, 'the OCI manifest in the archive is used as is');
});

test('classic docker save symlinks a duplicate layer inside the archive: followed, inside only', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'a.tar'));
  const x = join(d, 'x');
  await mkdir(x);
  execFileSync('tar', ['-xf', join(d, 'a.tar'), '-C', x]);
  const layer = JSON.parse(await readFile(join(x, 'manifest.json'), 'utf8'))[0].Layers[0] as string;
  await mkdir(join(x, 'shared'));
  await rename(join(x, layer), join(x, 'shared/layer.tar'));
  await symlink('../shared/layer.tar', join(x, layer));
  execFileSync('tar', ['-cf', join(d, 'b.tar'), '-C', x, '.']);
  const { images } = await openService();
  assert.deepEqual((await images.load(createReadStream(join(d, 'b.tar'))))[0].id, img.imageId);
});

test('skopeo reads the docker-archive berth saves, and berth loads what skopeo converts', async () => {
  const d = await tmp();
  const img = await makeOciArchive(join(d, 'in.tar'), { name: 'bb', tag: 'v', extraLayers: [[{ name: 'marker', content: 'm' }]] });
  const { images } = await openService();
  await images.load(createReadStream(join(d, 'in.tar')));
  await pipeline(await images.save(['bb:v']), createWriteStream(join(d, 'saved.tar')));
  const info = JSON.parse(skopeo('inspect', `docker-archive:${join(d, 'saved.tar')}`));
  assert.deepEqual(info.Layers, img.layers.map((l) => l.diffId));
  // skopeo checks every blob against the manifest while copying into an OCI layout.
  skopeo('copy', '-q', `docker-archive:${join(d, 'saved.tar')}`, `oci:${join(d, 'sk-oci')}:bb:v`);
  const { images: fresh } = await openService();
  const [loaded] = await fresh.load({ dir: join(d, 'sk-oci') });
  assert.deepEqual(loaded.repoTags, ['bb:v']);
  assert.deepEqual((await fresh.inspect('bb:v')).RootFS.Layers, img.layers.map((l) => l.diffId));
});

test('berth loads the docker-archive skopeo writes, keeping the image id', async () => {
  const d = await tmp();
  const img = await makeOciArchive(join(d, 'in.tar'));
  skopeo('copy', '-q', `oci-archive:${join(d, 'in.tar')}`, `docker-archive:${join(d, 'sk.tar')}:busybox:sk`);
  const { images } = await openService();
  assert.deepEqual(await images.load(createReadStream(join(d, 'sk.tar'))), [{ id: img.imageId, repoTags: ['busybox:sk'] }]);
});
