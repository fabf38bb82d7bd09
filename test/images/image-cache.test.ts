// The in-memory copies ImageService keeps for the create path (records by name, configs by
// digest, committed snapshots of a chain): every lookup after a tag, untag, rm, prune, or a
// change made by another service over the same root answers as the disk does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { ImageService } from '../../runtime/images';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { sys, tmp, openService } from './helpers';

test('image lookups follow tag, untag, rm and prune after being cached', async () => {
  const d = await tmp();
  const a = await makeDockerArchive(join(d, 'a.tar'), { name: 'one', tag: 'latest', config: { Env: ['A=1'], Cmd: ['a'] }, extraLayers: [[{ name: 'a', content: 'a' }]] });
  const b = await makeDockerArchive(join(d, 'b.tar'), { name: 'two', tag: 'latest', config: { Env: ['B=1'], Cmd: ['b'] }, extraLayers: [[{ name: 'b', content: 'b' }]] });
  const { images } = await openService();
  await images.load(createReadStream(join(d, 'a.tar')));
  await images.load(createReadStream(join(d, 'b.tar')));
  // Cached now: the same answer twice, and a caller's change to its copy is not seen by the next.
  const first = await images.imageConfig('one');
  assert.deepEqual(first.config.config?.Env, ['A=1']);
  first.config.config?.Env?.push('MUTATED=1');
  assert.deepEqual((await images.imageConfig('one')).config.config?.Env, ['A=1']);
  // A tag moved to another image: the name resolves to that one at once.
  await images.tag('two', 'moving:v1');
  assert.equal((await images.get('moving:v1')).id, b.imageId);
  await images.tag('one', 'moving:v1');
  assert.equal((await images.get('moving:v1')).id, a.imageId);
  assert.deepEqual((await images.imageConfig('moving:v1')).config.config?.Cmd, ['a']);
  assert.deepEqual((await images.get('two')).repoTags, ['docker.io/library/two:latest']);
  // Untag, then rm: the name and then the id are gone.
  await images.remove('moving:v1');
  await assert.rejects(images.get('moving:v1'), { code: 'NOT_FOUND' });
  assert.equal((await images.get('one')).id, a.imageId);
  await images.remove('one');
  await assert.rejects(images.imageConfig('one'), { code: 'NOT_FOUND' });
  await assert.rejects(images.imageConfig(a.imageId), { code: 'NOT_FOUND' });
  // Load again after rm: found again, with its config.
  await images.load(createReadStream(join(d, 'a.tar')));
  assert.deepEqual((await images.imageConfig('one')).config.config?.Cmd, ['a']);
  // prune -a: nothing is left to resolve.
  await images.prune({ all: true });
  for (const ref of ['one', 'two', a.imageId, b.imageId]) await assert.rejects(images.get(ref), { code: 'NOT_FOUND' }, ref);
  assert.deepEqual(await images.list(), []);
});

test('a change made by another service over the same root is seen by a service that cached', async () => {
  const d = await tmp();
  await makeDockerArchive(join(d, 'a.tar'), { name: 'shared', tag: 'latest' });
  const { images, root } = await openService();
  await images.load(createReadStream(join(d, 'a.tar')));
  const id = (await images.get('shared')).id;
  const other = await ImageService.open({ root, sys });
  await other.tag('shared', 'elsewhere:v2');
  assert.equal((await images.get('elsewhere:v2')).id, id);
  await other.remove('elsewhere:v2');
  await assert.rejects(images.get('elsewhere:v2'), { code: 'NOT_FOUND' });
});

test('a container snapshot on a cached chain mounts the same layers; a removed chain is not served from memory', async () => {
  const d = await tmp();
  await makeDockerArchive(join(d, 'a.tar'), { name: 'layers', tag: 'latest', extraLayers: [[{ name: 'x', content: 'x' }]] });
  const { images } = await openService();
  await images.load(createReadStream(join(d, 'a.tar')));
  const rec = await images.get('layers');
  const top = rec.chainIds[rec.chainIds.length - 1];
  const m1 = await images.snapshotter.prepare('c-1', top);
  const m2 = await images.snapshotter.prepare('c-2', top);
  const lower = (m: typeof m1): string | undefined => m[0].options.find((o) => o.startsWith('lowerdir='));
  assert.equal(lower(m1), lower(m2));
  assert.equal(lower(m1)?.split(':').length, 2);
  await images.snapshotter.remove('c-1');
  await images.snapshotter.remove('c-2');
  await images.remove('layers');
  await assert.rejects(images.snapshotter.prepare('c-3', top), { code: 'NOT_FOUND' });
  await assert.rejects(images.snapshotter.stat(rec.chainIds[0]), { code: 'NOT_FOUND' });
});
