// tee.ts: a blob's bytes reach the store and the unpacker alike; a slow unpacker paces the
// download, one that gave up no longer does, and a failed download fails the unpacker's input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { batched, sideStream, tee } from './tee';

async function* chunks(n: number, size: number, failAt?: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error('connection lost');
    yield Buffer.alloc(size, i);
  }
}

async function drain(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

test('both sides get every byte, in order; the side stream ends with the download', async () => {
  const side = sideStream(1024);
  const [main, copy] = await Promise.all([drain(tee(chunks(50, 300), side)), drain(side)]);
  assert.equal(main.length, 15_000);
  assert.deepEqual(copy, main);
});

test('a side stream that is not read holds the download back once its buffer is full', async () => {
  const side = sideStream(1000);
  let got = 0;
  const reading = (async () => { for await (const c of tee(chunks(100, 500), side)) got += c.length; })();
  for (let i = 0; i < 20; i++) await turn();
  assert.ok(got <= 1500, `download paused at ${got} bytes`);
  side.destroy(); // the unpacker gave up: the download carries on to the end without it
  await reading;
  assert.equal(got, 50_000);
});

test('a failed download fails the side stream with the same error, even before anyone reads it', async () => {
  const side = sideStream();
  await assert.rejects(drain(tee(chunks(10, 100, 4), side)), /connection lost/);
  await turn();
  await assert.rejects(drain(side), /connection lost/);
});

test('batched gathers small reads into chunks of at least the size asked, the rest last, bytes unchanged', async () => {
  const out: Uint8Array[] = [];
  for await (const c of batched(chunks(25, 100), 1000)) out.push(c);
  assert.deepEqual(out.map((c) => c.length), [1000, 1000, 500]);
  assert.deepEqual(Buffer.concat(out), await drain(chunks(25, 100)));
  assert.deepEqual((await drain(batched(chunks(0, 1)))).length, 0);
});
