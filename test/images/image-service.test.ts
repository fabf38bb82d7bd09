// ImageService end to end on real tarballs built by test/fixtures: load every archive format,
// run the result in a chroot on a real overlay mount, save and load back to the same id,
// tag/remove/prune with Docker's rules, and GC of blobs and snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { execFileSync } from 'node:child_process';
import { mountAll, unmountAll } from '../../runtime/mount';
import { ImageService, topChainId } from '../../runtime/images';
import { makeDockerArchive, makeOciLayout, makeOciArchive, makeBusyboxLayerTar, type BusyboxImageOptions } from '../fixtures/busybox-image';
import { sha256 } from '../fixtures/tar';
import { sys, tmp, openService } from './helpers';

const CONFIG: BusyboxImageOptions['config'] = {
  Cmd: ['httpd', '-f'], Entrypoint: ['/bin/env'], WorkingDir: '/var/www', User: 'app',
  ExposedPorts: { '80/tcp': {} }, Volumes: { '/data': {} }, Labels: { 'org.example': 'yes' }, StopSignal: 'SIGQUIT',
  Healthcheck: { Test: ['CMD', 'true'], Interval: 1_000_000_000 }, Env: ['PATH=/bin', 'A=1'],
};

async function runIn(images: ImageService, ref: string, key: string, script: string): Promise<string> {
  const { record } = await images.imageConfig(ref);
  const rootfs = join(await tmp('berth-rootfs-'), 'r');
  await mkdir(rootfs);
  mountAll(sys, await images.snapshotter.prepare(key, topChainId(record)), rootfs);
  try {
    return execFileSync('chroot', [rootfs, '/bin/sh', '-c', script], { encoding: 'utf8' });
  } finally {
    unmountAll(sys, rootfs);
    await images.snapshotter.remove(key);
  }
}

test('docker-archive loads with its id, names and config, and runs', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'a.tar'), { name: 'busybox', tag: 'latest', config: CONFIG });
  const { images } = await openService();
  assert.deepEqual(await images.load(createReadStream(join(d, 'a.tar'))), [{ id: img.imageId, repoTags: ['busybox:latest'] }]);
  const inspect = await images.inspect('busybox');
  assert.equal(inspect.Id, img.imageId);
  assert.deepEqual(inspect.RepoTags, ['busybox:latest']);
  assert.deepEqual(inspect.RootFS, { Type: 'layers', Layers: [img.layers[0].diffId] });
  assert.deepEqual(inspect.Config.Cmd, ['httpd', '-f']);
  assert.deepEqual(inspect.Config.Entrypoint, ['/bin/env']);
  assert.deepEqual(inspect.Config.Env, ['PATH=/bin', 'A=1']);
  assert.equal(inspect.Config.WorkingDir, '/var/www');
  assert.equal(inspect.Config.User, 'app');
  assert.deepEqual(inspect.Config.ExposedPorts, { '80/tcp': {} });
  assert.deepEqual(inspect.Config.Volumes, { '/data': {} });
  assert.deepEqual(inspect.Config.Labels, { 'org.example': 'yes' });
  assert.equal(inspect.Config.StopSignal, 'SIGQUIT');
  assert.deepEqual(inspect.Config.Healthcheck, { Test: ['CMD', 'true'], Interval: 1_000_000_000 });
  assert.equal(inspect.Created, '2024-01-01T00:00:00.000Z');
  assert.ok(inspect.Size > 500_000, `size ${inspect.Size}`);
  assert.equal(inspect.GraphDriver?.Name, 'overlayfs');
  const list = await images.list();
  assert.deepEqual(list.map((s) => [s.Id, s.RepoTags, s.Created]), [[img.imageId, ['busybox:latest'], 1704067200]]);
  assert.equal(await runIn(images, 'busybox:latest', 'c1', 'cat /etc/passwd | grep ^app; id -u nobody'), 'app:x:1000:1000:app:/home/app:/bin/sh\n65534\n');
});

test('gzip docker-archive, OCI layout dir, oci-archive and gzip oci-archive all load', async () => {
  const d = await tmp();
  const extra = [[{ name: 'hello.txt', content: 'from layer 2' }]];
  const a = await makeDockerArchive(join(d, 'a.tar.gz'), { name: 'user/one', tag: 'v1', gzipArchive: true, extraLayers: extra });
  const b = await makeOciLayout(join(d, 'layout'), { name: 'two', tag: 'v2', extraLayers: extra });
  const c = await makeOciArchive(join(d, 'c.tar'), { name: 'three', tag: 'v3', config: { Cmd: ['true'] } });
  const e = await makeOciArchive(join(d, 'e.tar.gz'), { name: 'four', tag: 'v4', config: { Cmd: ['false'] }, gzipArchive: true });
  const { images } = await openService();
  assert.deepEqual(await images.load(createReadStream(join(d, 'a.tar.gz'))), [{ id: a.imageId, repoTags: ['user/one:v1'] }]);
  assert.deepEqual(await images.load({ dir: join(d, 'layout') }), [{ id: b.imageId, repoTags: ['two:v2'] }]);
  assert.deepEqual((await images.load(createReadStream(join(d, 'c.tar'))))[0].id, c.imageId);
  assert.deepEqual((await images.load(createReadStream(join(d, 'e.tar.gz'))))[0].id, e.imageId);
  // Same config and diff ids, different compression: one image, both names.
  assert.equal(a.imageId, b.imageId);
  assert.deepEqual((await images.inspect('two:v2')).RepoTags, ['user/one:v1', 'two:v2']);
  assert.equal(await runIn(images, 'two:v2', 'c2', 'cat /hello.txt'), 'from layer 2');
  // busybox layer shared by every image: one committed snapshot for it.
  const snaps = await images.snapshotter.list();
  assert.equal(snaps.filter((s) => s.key === a.layers[0].diffId).length, 1);
  assert.equal(snaps.length, 2);
});

test('save → load gives the same image id; the archive is docker-archive with plain layer tars', async () => {
  const d = await tmp();
  const img = await makeOciArchive(join(d, 'in.tar'), { name: 'rt', tag: 'x', extraLayers: [[{ name: 'etc/.wh.group' }]] });
  const { images } = await openService();
  await images.load(createReadStream(join(d, 'in.tar')));
  await pipeline(await images.save(['rt:x']), createWriteStream(join(d, 'out.tar')));
  const out = join(d, 'out');
  await mkdir(out);
  execFileSync('tar', ['-xf', join(d, 'out.tar'), '-C', out]);
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest[0].RepoTags, ['rt:x']);
  assert.equal(sha256(await readFile(join(out, manifest[0].Config))), img.imageId);
  for (let i = 0; i < 2; i++) assert.equal(sha256(await readFile(join(out, manifest[0].Layers[i]))), img.layers[i].diffId);
  assert.deepEqual(JSON.parse(await readFile(join(out, 'repositories'), 'utf8')), { rt: { x: img.layers[1].diffId.slice(7) } });
  const { images: fresh } = await openService();
  assert.deepEqual(await fresh.load(createReadStream(join(d, 'out.tar'))), [{ id: img.imageId, repoTags: ['rt:x'] }]);
  assert.equal(await runIn(fresh, 'rt:x', 'c3', 'test -e /etc/group || echo whited-out'), 'whited-out\n');
  await assert.rejects(images.save(['nope']), { code: 'NOT_FOUND' });
});

test('import of a plain rootfs tarball makes a one-layer image with a Docker-like config', async () => {
  const d = await tmp();
  const diffId = await makeBusyboxLayerTar(join(d, 'rootfs.tar.gz'), { gzip: true });
  const { images } = await openService({ now: () => new Date('2025-05-05T05:05:05Z') });
  const res = await images.import(createReadStream(join(d, 'rootfs.tar.gz')), { ref: 'imported:1', changes: { Cmd: ['sh'] } });
  assert.deepEqual(res.repoTags, ['imported:1']);
  const i = await images.inspect('imported:1');
  assert.deepEqual(i.RootFS.Layers, [diffId]);
  assert.deepEqual(i.Config.Cmd, ['sh']);
  assert.match(String(i.Config.Env), /^PATH=/);
  assert.equal(i.Created, '2025-05-05T05:05:05.000Z');
  const h = await images.history('imported:1');
  assert.deepEqual(h.map((r) => [r.Id, r.Comment, r.Tags]), [[res.id, 'Imported from -', ['imported:1']]]);
  assert.equal(await runIn(images, res.id, 'c4', 'echo imported'), 'imported\n');
});

test('references: name, full name, id, hex prefix, missing', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'a.tar'));
  const { images } = await openService();
  await images.load(createReadStream(join(d, 'a.tar')));
  for (const ref of ['busybox', 'busybox:latest', 'docker.io/library/busybox:latest', 'library/busybox', img.imageId, img.imageId.slice(7), img.imageId.slice(7, 19)]) {
    assert.equal((await images.get(ref)).id, img.imageId, ref);
  }
  await assert.rejects(images.get('busybox:other'), { code: 'NOT_FOUND', message: /No such image: busybox:other/ });
});

test('tag, remove and prune follow docker rmi rules; GC removes blobs and snapshots', async () => {
  const d = await tmp();
  const a = await makeDockerArchive(join(d, 'a.tar'), { extraLayers: [[{ name: 'a', content: 'a' }]] });
  const b = await makeDockerArchive(join(d, 'b.tar'), { extraLayers: [[{ name: 'b', content: 'b' }]] });
  let users = 0;
  const { images } = await openService({ containersUsing: async (id) => (id === b.imageId ? users : 0) });
  await images.load(createReadStream(join(d, 'a.tar')));
  await images.tag('busybox', 'mine/copy:v1');
  assert.deepEqual((await images.inspect(a.imageId)).RepoTags, ['busybox:latest', 'mine/copy:v1']);
  await assert.rejects(images.tag('busybox', 'x@sha256:' + 'a'.repeat(64)), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(images.remove(a.imageId), { code: 'CONFLICT', message: /multiple repositories/ });
  // Loading b under the same name leaves a with only mine/copy:v1.
  await images.load(createReadStream(join(d, 'b.tar')));
  assert.deepEqual((await images.inspect(a.imageId)).RepoTags, ['mine/copy:v1']);
  assert.deepEqual(await images.remove('mine/copy:v1'), [{ Untagged: 'mine/copy:v1' }, { Deleted: a.imageId }]);
  // a's top layer and its blobs are gone; the shared busybox layer stays for b.
  assert.deepEqual((await images.snapshotter.list()).map((s) => s.key).sort(), [b.layers[0].diffId, (await images.get('busybox')).chainIds[1]].sort());
  assert.equal(await images.content.has(a.imageId), false);
  users = 1;
  await assert.rejects(images.remove('busybox'), { code: 'CONFLICT', message: /being used by 1 container/ });
  assert.deepEqual(await images.remove('busybox', { force: true }), [{ Untagged: 'busybox:latest' }]);
  assert.deepEqual((await images.prune()).ImagesDeleted, null, 'in use: kept even though dangling');
  users = 0;
  const pruned = await images.prune();
  assert.deepEqual(pruned.ImagesDeleted, [{ Deleted: b.imageId }]);
  assert.ok(pruned.SpaceReclaimed > 500_000);
  assert.deepEqual(await images.list(), []);
  assert.deepEqual(await images.content.list(), []);
  assert.deepEqual(await images.snapshotter.list(), []);
});

test('GC keeps layer snapshots a container still sits on', async () => {
  const d = await tmp();
  await makeDockerArchive(join(d, 'a.tar'));
  const { images } = await openService();
  const [{ id }] = await images.load(createReadStream(join(d, 'a.tar')));
  const top = topChainId(await images.get(id)) as string;
  await images.snapshotter.prepare('ctr', top);
  await images.remove(id);
  assert.deepEqual((await images.snapshotter.list()).map((s) => s.key).sort(), ['ctr', top].sort());
  await images.snapshotter.remove('ctr');
  const gc = await images.gc();
  assert.deepEqual(gc.snapshots, [top]);
  assert.deepEqual(await images.snapshotter.list(), []);
});

test('hostile or broken archives are refused and leave nothing after GC', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'good.tar'));
  const x = join(d, 'x');
  await mkdir(x);
  execFileSync('tar', ['-xf', join(d, 'good.tar'), '-C', x]);
  const manifest = JSON.parse(await readFile(join(x, 'manifest.json'), 'utf8'));
  const variants: Array<[string, (m: typeof manifest) => unknown, RegExp]> = [
    ['config path escapes', (m) => [{ ...m[0], Config: '../../../../etc/passwd' }], /unsafe path/],
    ['absolute layer path', (m) => [{ ...m[0], Layers: ['/etc/passwd'] }], /unsafe path/],
    ['missing layer', (m) => [{ ...m[0], Layers: ['nope/layer.tar'] }], /missing/],
    ['layer count differs from diff ids', (m) => [{ ...m[0], Layers: [...m[0].Layers, ...m[0].Layers] }], /diff ids/],
    ['not a list', () => ({}), /not a list/],
  ];
  const { images } = await openService();
  for (const [what, edit, reason] of variants) {
    await writeFile(join(x, 'manifest.json'), JSON.stringify(edit(manifest)));
    execFileSync('tar', ['-cf', join(d, 'bad.tar'), '-C', x, '.']);
    await assert.rejects(images.load(createReadStream(join(d, 'bad.tar'))), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && reason.test(e.message), what);
  }
  // A layer that is a symlink to a host file.
  await writeFile(join(x, 'manifest.json'), JSON.stringify(manifest));
  execFileSync('ln', ['-sf', '/etc/passwd', join(x, manifest[0].Layers[0])]);
  execFileSync('tar', ['-cf', join(d, 'bad.tar'), '-C', x, '.']);
  await assert.rejects(images.load(createReadStream(join(d, 'bad.tar'))), { code: 'INVALID_ARGUMENT', message: /pointing outside the archive/ });
  // A config whose diff id lies about the layer content.
  const cfg = JSON.parse(await readFile(join(x, manifest[0].Config), 'utf8'));
  cfg.rootfs.diff_ids = ['sha256:' + '0'.repeat(64)];
  await writeFile(join(x, manifest[0].Config), JSON.stringify(cfg));
  execFileSync('sh', ['-c', `cd ${x} && rm ${manifest[0].Layers[0]} && tar -xf ${join(d, 'good.tar')} ${manifest[0].Layers[0]}`]);
  execFileSync('tar', ['-cf', join(d, 'bad.tar'), '-C', x, '.']);
  await assert.rejects(images.load(createReadStream(join(d, 'bad.tar'))), { code: 'INVALID_ARGUMENT', message: /does not match diff id/ });
  assert.deepEqual(await images.list(), []);
  await images.gc();
  assert.deepEqual(await images.content.list(), []);
  assert.deepEqual(await images.snapshotter.list(), []);
  assert.ok(img.imageId);
});

test('an OCI blob whose bytes do not match its descriptor is refused', async () => {
  const d = await tmp();
  const img = await makeOciLayout(join(d, 'layout'));
  await writeFile(join(d, 'layout/blobs/sha256', img.layers[0].digest.slice(7)), 'tampered');
  const { images } = await openService();
  await assert.rejects(images.load({ dir: join(d, 'layout') }), { code: 'INVALID_ARGUMENT', message: /mismatch/ });
  assert.deepEqual(await images.list(), []);
});

test('with the native snapshotter the same image loads, runs, and is collected', async () => {
  const d = await tmp();
  const img = await makeDockerArchive(join(d, 'a.tar'), { extraLayers: [[{ name: 'etc/.wh.group' }, { name: 'n', content: 'native' }]] });
  const { images } = await openService({ prefer: 'native' });
  assert.equal(images.snapshotter.name, 'native');
  assert.equal(images.probe?.overlay, false);
  await images.load(createReadStream(join(d, 'a.tar')));
  assert.equal((await images.inspect(img.imageId)).GraphDriver?.Name, 'native');
  assert.equal(await runIn(images, 'busybox', 'n1', 'cat /n; test -e /etc/group || echo " no-group"'), 'native no-group\n');
  await images.remove('busybox');
  assert.deepEqual(await images.snapshotter.list(), []);
  assert.deepEqual(await images.content.list(), []);
});

test('opening the service collects what a crash left between ingest and record', async () => {
  const d = await tmp();
  await makeDockerArchive(join(d, 'a.tar'));
  const { images, root } = await openService();
  const [{ id }] = await images.load(createReadStream(join(d, 'a.tar')));
  const stray = await images.content.ingest(Buffer.from('orphan blob'));
  await images.snapshotter.prepare('half', topChainId(await images.get(id)));
  await images.snapshotter.commit('sha256:' + 'c'.repeat(64), 'half');
  const reopened = await ImageService.open({ root, sys });
  assert.equal(await reopened.content.has(stray.digest), false);
  assert.deepEqual((await reopened.snapshotter.list()).map((s) => s.key), [(await reopened.get(id)).chainIds[0]]);
  assert.equal((await reopened.inspect('busybox')).Id, id);
});

test('saving two images that share a layer writes it once; by id saves untagged', async () => {
  const d = await tmp();
  const a = await makeDockerArchive(join(d, 'a.tar'), { name: 'aa', extraLayers: [[{ name: 'a', content: 'a' }]] });
  const b = await makeDockerArchive(join(d, 'b.tar'), { name: 'bb', extraLayers: [[{ name: 'b', content: 'b' }]] });
  const { images } = await openService();
  await images.load(createReadStream(join(d, 'a.tar')));
  await images.load(createReadStream(join(d, 'b.tar')));
  await pipeline(await images.save(['aa', b.imageId]), createWriteStream(join(d, 'both.tar')));
  const names = execFileSync('tar', ['-tf', join(d, 'both.tar')], { encoding: 'utf8' }).split('\n');
  assert.equal(names.filter((n) => n === `${a.layers[0].diffId.slice(7)}/layer.tar`).length, 1);
  assert.equal(names.filter((n) => n.endsWith('/layer.tar')).length, 3);
  const manifest = JSON.parse(execFileSync('tar', ['-xOf', join(d, 'both.tar'), 'manifest.json'], { encoding: 'utf8' }));
  assert.deepEqual(manifest.map((m: { RepoTags: string[] | null }) => m.RepoTags), [['aa:latest'], null]);
  const { images: fresh } = await openService();
  assert.deepEqual(await fresh.load(createReadStream(join(d, 'both.tar'))), [{ id: a.imageId, repoTags: ['aa:latest'] }, { id: b.imageId, repoTags: [] }]);
});

test('size limits refuse an oversized archive and an oversized layer', async () => {
  const d = await tmp();
  await makeDockerArchive(join(d, 'a.tar'));
  const { images: small } = await openService({ limits: { maxArchiveBytes: 100_000 } });
  await assert.rejects(small.load(createReadStream(join(d, 'a.tar'))), { code: 'INVALID_ARGUMENT', message: /100000-byte limit/ });
  const { images: tight } = await openService({ limits: { maxLayerBytes: 100_000 } });
  await assert.rejects(tight.load(createReadStream(join(d, 'a.tar'))), { code: 'INVALID_ARGUMENT', message: /100000-byte limit/ });
  assert.deepEqual(await tight.list(), []);
  assert.deepEqual(await tight.snapshotter.list(), []);
});
