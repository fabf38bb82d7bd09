// batched.ts: a download's small reads gathered into bigger chunks, bytes unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batched } from './batched';

async function* chunks(n: number, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < n; i++) yield Buffer.alloc(size, i);
}

async function drain(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

test('batched gathers small reads into chunks of at least the size asked, the rest last, bytes unchanged', async () => {
  const out: Uint8Array[] = [];
  for await (const c of batched(chunks(25, 100), 1000)) out.push(c);
  assert.deepEqual(out.map((c) => c.length), [1000, 1000, 500]);
  assert.deepEqual(Buffer.concat(out), await drain(chunks(25, 100)));
  assert.deepEqual((await drain(batched(chunks(0, 1)))).length, 0);
});
