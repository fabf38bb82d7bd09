// gather.ts: a download's small reads gathered into bigger pieces, big ones passed on as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gathered } from './gather';

async function* chunks(n: number, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < n; i++) yield Buffer.alloc(size, i);
}

async function drain(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return parts;
}

test('small reads are gathered into pieces of at least the size asked, the rest last, bytes unchanged', async () => {
  const out = await drain(gathered(chunks(25, 100), 1000));
  assert.deepEqual(out.map((c) => c.length), [1000, 1000, 500]);
  assert.deepEqual(Buffer.concat(out), Buffer.concat(await drain(chunks(25, 100))));
  assert.equal((await drain(gathered(chunks(0, 1)))).length, 0);
});

test('a big read passes as it is (not copied), after what was gathered before it, in order', async () => {
  const small = Array.from({ length: 40 }, () => randomBytes(40_000));
  const big = randomBytes(1 << 20);
  const tail = randomBytes(10);
  async function* reads(): AsyncGenerator<Uint8Array> {
    yield* small;
    yield big;
    yield tail;
  }
  const out = await drain(gathered(reads()));
  assert.deepEqual(out.map((c) => c.length), [1_080_000, 520_000, 1 << 20, 10]);
  assert.equal(out[2], big, 'the big read itself, not a copy');
  assert.deepEqual(out[3], tail);
  assert.deepEqual(Buffer.concat(out), Buffer.concat([...small, big, tail]));
});
