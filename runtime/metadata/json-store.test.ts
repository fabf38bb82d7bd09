import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonStore } from './json-store';

test('JsonStore puts, lists and deletes records, leaving no temp files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-store-'));
  try {
    const store = new JsonStore<{ n: number }>(join(dir, 'recs'));
    assert.deepEqual(await store.keys(), []);
    await store.put('b', { n: 2 });
    await store.put('a', { n: 1 });
    await store.put('a', { n: 3 });
    assert.deepEqual(await store.list(), [{ key: 'a', value: { n: 3 } }, { key: 'b', value: { n: 2 } }]);
    await store.delete('a');
    assert.equal(await store.get('a'), undefined);
    assert.deepEqual(await readdir(join(dir, 'recs')), ['b.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('JsonStore refuses keys that could escape its folder', async () => {
  const store = new JsonStore<unknown>('/nonexistent');
  await assert.rejects(store.get('../etc/passwd'), /invalid record key/);
  await assert.rejects(store.put('a/b', 1), /invalid record key/);
});
