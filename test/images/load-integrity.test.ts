// What is stored is what was verified (issue 13): `image load` used to skip a layer whose chain
// id existed, yet store the archive's bytes as that image's layer blob (random bytes claiming
// busybox's diff id loaded; a truncated gzip loaded and then broke `image save`). Each hostile
// archive below must be refused with INVALID_ARGUMENT (400 on the API) and a message naming the
// problem, and leave the stores exactly as before: no blob, no snapshot record, no scratch dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { EngineError } from '../../runtime/errors';
import type { ImageService } from '../../runtime/images';
import { makeDockerArchive, busyboxLayerEntries } from '../fixtures/busybox-image';
import { tarBuffer, sha256 } from '../fixtures/tar';
import { tmp, openService, hostileArchive, type FakeLayer } from './helpers';

async function stateOf(images: ImageService, root: string): Promise<string> {
  const blobs = (await images.content.list()).map((b) => b.digest).sort();
  const snaps = (await images.snapshotter.list()).map((s) => `${s.kind}:${s.key}`).sort();
  const scratch = await readdir(join(root, 'image-scratch')).catch(() => []);
  const ids = (await images.list()).map((i) => `${i.Id} ${i.RepoTags.join(',')}`).sort();
  return JSON.stringify({ blobs, snaps, scratch, ids });
}

async function refused(images: ImageService, root: string, path: string, reason: RegExp): Promise<void> {
  const before = await stateOf(images, root);
  await assert.rejects(images.load(createReadStream(path)), (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.code, 'INVALID_ARGUMENT', e.message);
    assert.match(e.message, reason);
    return true;
  });
  assert.equal(await stateOf(images, root), before, 'a refused load leaves the stores as they were');
}

const bbTar = (): Promise<Buffer> => tarBuffer(busyboxLayerEntries());

test('with busybox loaded, layers that only claim its diff id are refused, not stored', async () => {
  const d = await tmp();
  const { images, root } = await openService();
  const bb = await makeDockerArchive(join(d, 'bb.tar'));
  await images.load(createReadStream(join(d, 'bb.tar')));
  const diffId = bb.layers[0].diffId;
  const gz = gzipSync(await bbTar());
  const cases: Array<[string, Buffer, RegExp]> = [
    ['random bytes', randomBytes(8192), /does not match diff id/],
    ['a truncated gzip of the real layer', gz.subarray(0, Math.floor(gz.length / 2)), /gzip stream is truncated/],
    ['the real layer gzip with trailing garbage', Buffer.concat([gz, Buffer.from('trailing garbage')]), /trailing garbage/],
  ];
  for (const [kind, data, reason] of cases) {
    const path = join(d, `${kind.replace(/\W+/g, '-')}.tar`);
    await hostileArchive(path, [{ data, diffId }], { config: { Cmd: ['echo', kind] } });
    await refused(images, root, path, reason);
  }
  // save still streams every stored image whole.
  let bytes = 0;
  for await (const c of await images.save(['busybox:latest'])) bytes += (c as Buffer).length;
  assert.ok(bytes > 500_000);
});

test('a fresh store: a bad second layer leaves no blob, snapshot or scratch dir of the first', async () => {
  const d = await tmp();
  const { images, root } = await openService();
  const raw = await bbTar();
  const top = gzipSync(await tarBuffer([{ name: 'etc/motd', content: 'hi\n' }]));
  const topDiff = sha256(await tarBuffer([{ name: 'etc/motd', content: 'hi\n' }]));
  const cases: Array<[string, FakeLayer, RegExp]> = [
    ['truncated', { data: top.subarray(0, top.length - 12), diffId: topDiff }, /gzip stream is truncated/],
    ['trailing garbage', { data: Buffer.concat([top, Buffer.from('XXXXXXXX')]), diffId: topDiff }, /trailing garbage/],
    ['wrong diff id', { data: top, diffId: sha256(Buffer.from('other')) }, /does not match diff id/],
  ];
  for (const [kind, layer, reason] of cases) {
    const path = join(d, `${kind.replace(/\W+/g, '-')}.tar`);
    await hostileArchive(path, [{ data: raw, diffId: sha256(raw) }, layer]);
    await refused(images, root, path, reason);
  }
  assert.equal(await stateOf(images, root), JSON.stringify({ blobs: [], snaps: [], scratch: [], ids: [] }));
});

test('configs of the wrong types are refused naming the field', async () => {
  const d = await tmp();
  const { images, root } = await openService();
  const raw = await bbTar();
  const layer = { data: raw, diffId: sha256(raw) };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ config: { Env: 'PATH=/bin' } }, /config\.Env: expected array/],
    [{ config: { Cmd: ['sh', 5] } }, /config\.Cmd\.1: expected string/],
    [{ config: { Labels: { a: 1 } } }, /config\.Labels\.a: expected string/],
    [{ history: { created: 'x' } }, /history: expected array/],
    [{ architecture: 64 }, /architecture: expected string/],
    [{ config: 'sh' }, /config: expected object/],
  ];
  for (const [i, [config, reason]] of cases.entries()) {
    const path = join(d, `cfg${i}.tar`);
    await hostileArchive(path, [layer], config);
    await refused(images, root, path, reason);
  }
});

test('import: a truncated or garbage-trailed gzip rootfs is refused and leaves nothing', async () => {
  const { images, root } = await openService();
  const gz = gzipSync(await bbTar());
  for (const [data, reason] of [[gz.subarray(0, gz.length - 100), /truncated/], [Buffer.concat([gz, Buffer.from('junk!')]), /trailing garbage/]] as const) {
    const before = await stateOf(images, root);
    await assert.rejects(images.import(Readable.from([data]), { ref: 'imp:x' }), (e: unknown) => e instanceof EngineError && e.code === 'INVALID_ARGUMENT' && reason.test(e.message));
    assert.equal(await stateOf(images, root), before);
  }
});
