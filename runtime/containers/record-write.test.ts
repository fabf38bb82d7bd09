import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonStore } from '../metadata/json-store';
import { writeRecordNoSync } from './record-write';

test('a record written without fsync reads back through JsonStore, replacing the durable one, no temp file left', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-recw-'));
  try {
    const store = new JsonStore<{ id: string; state: { status: string } }>(dir);
    await store.put('abc', { id: 'abc', state: { status: 'running' } });
    await writeRecordNoSync(dir, 'abc', { id: 'abc', state: { status: 'exited' } });
    assert.deepEqual(await store.get('abc'), { id: 'abc', state: { status: 'exited' } });
    assert.deepEqual(await readdir(dir), ['abc.json']);
    assert.deepEqual(await store.keys(), ['abc']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a write into a missing directory fails and leaves nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-recw-'));
  try {
    await assert.rejects(writeRecordNoSync(join(dir, 'gone'), 'abc', {}), { code: 'ENOENT' });
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
