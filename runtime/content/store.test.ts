import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ContentStore, digestOf, parseDigest } from './index';

const roots: string[] = [];
after(async () => { for (const r of roots) await rm(r, { recursive: true, force: true }); });
async function store(): Promise<{ s: ContentStore; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'berth-content-'));
  roots.push(root);
  return { s: new ContentStore(root), root };
}

test('ingest stores under the sha256 and reads back', async () => {
  const { s, root } = await store();
  const data = Buffer.from('hello blob');
  const info = await s.ingest(Readable.from([data.subarray(0, 3), data.subarray(3)]), { digest: digestOf(data), size: data.length });
  assert.deepEqual(info, { digest: digestOf(data), size: 10 });
  assert.deepEqual(await s.read(info.digest), data);
  assert.equal((await stat(s.path(info.digest))).mode & 0o777, 0o444);
  assert.ok(s.path(info.digest).startsWith(join(root, 'blobs/sha256/')));
  assert.deepEqual(await s.list(), [info]);
  assert.deepEqual(await readdir(join(root, 'ingest')), []);
  // Idempotent.
  assert.deepEqual(await s.ingest(data), info);
});

test('a digest mismatch stores nothing', async () => {
  const { s, root } = await store();
  const wrong = digestOf('other');
  await assert.rejects(s.ingest(Buffer.from('data'), { digest: wrong }), { code: 'INVALID_ARGUMENT', message: /digest mismatch/ });
  assert.equal(await s.has(digestOf('data')), false);
  assert.equal(await s.has(wrong), false);
  assert.deepEqual(await readdir(join(root, 'ingest')), []);
});

test('a size mismatch stores nothing', async () => {
  const { s } = await store();
  await assert.rejects(s.ingest(Buffer.from('data'), { size: 5 }), { code: 'INVALID_ARGUMENT', message: /size mismatch/ });
  assert.deepEqual(await s.list(), []);
});

test('malformed digests are refused before touching the filesystem', async () => {
  const { s } = await store();
  for (const bad of ['sha256:../../etc/passwd', 'md5:abc', 'sha256:' + 'A'.repeat(64), '']) {
    assert.throws(() => parseDigest(bad), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(s.read(bad), { code: 'INVALID_ARGUMENT' });
  }
  await assert.rejects(s.read(digestOf('absent')), { code: 'NOT_FOUND' });
});

test('concurrent ingests of the same content converge; delete removes', async () => {
  const { s } = await store();
  const data = Buffer.alloc(1 << 20, 7);
  const infos = await Promise.all([1, 2, 3, 4].map(() => s.ingest(data)));
  assert.equal(new Set(infos.map((i) => i.digest)).size, 1);
  assert.equal((await s.list()).length, 1);
  await s.delete(infos[0].digest);
  assert.equal(await s.has(infos[0].digest), false);
});

test('ingestOwnedFile links a verified file into place and refuses a mismatch', async () => {
  const { s, root } = await store();
  const f = join(root, 'scratch-file');
  await writeFile(f, 'owned data');
  await assert.rejects(s.ingestOwnedFile(f, { digest: digestOf('other') }), { code: 'INVALID_ARGUMENT' });
  assert.deepEqual(await s.list(), []);
  const info = await s.ingestOwnedFile(f, { digest: digestOf('owned data'), size: 10 });
  assert.equal((await stat(s.path(info.digest))).ino, (await stat(f)).ino);
  assert.equal((await stat(s.path(info.digest))).mode & 0o777, 0o444);
  assert.deepEqual(await s.ingestOwnedFile(f), info);
  await rm(f);
  assert.equal((await s.read(info.digest)).toString(), 'owned data');
});
