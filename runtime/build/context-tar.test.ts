// The context tar's end, completed where Go's archive/tar (dockerd) takes the stream's end as the
// archive's end (right after an entry's data, or at a header boundary) and nowhere else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { TarEndCompleter, headerSize } from './context-tar';

async function packed(entries: { name: string; body: string; pax?: Record<string, string> }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, pax: e.pax }, e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Names and bodies read back from `bytes` (fed in `chunk`-byte pieces) after the completer. */
async function readBack(bytes: Buffer, chunk = 7): Promise<string[]> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const extract = tar.extract();
  const out: string[] = [];
  const reading = (async () => {
    for await (const e of extract) {
      let body = '';
      for await (const c of e) body += c;
      out.push(`${e.header.name}=${body}`);
    }
  })();
  await Promise.all([pipeline(Readable.from(pieces), new TarEndCompleter(), extract), reading]);
  return out;
}

const entries = [{ name: 'a.txt', body: 'A\n' }, { name: '.dockerfile.0123', body: 'FROM busybox\nCOPY a.txt /\n' }];

test('a whole tar passes unchanged', async () => {
  assert.deepEqual(await readBack(await packed(entries)), ['a.txt=A\n', '.dockerfile.0123=FROM busybox\nCOPY a.txt /\n']);
});

test('a tar cut right after the last entry\'s data (the docker CLI with -f outside the context) reads whole', async () => {
  const whole = await packed(entries);
  const cut = whole.subarray(0, 512 + 512 + 512 + entries[1].body.length);
  for (const chunk of [1, 7, 512, 4096]) {
    assert.deepEqual(await readBack(cut, chunk), ['a.txt=A\n', '.dockerfile.0123=FROM busybox\nCOPY a.txt /\n']);
  }
  // At a header boundary too (no end blocks at all), and an empty body is an empty archive.
  assert.deepEqual(await readBack(whole.subarray(0, 2048)), ['a.txt=A\n', '.dockerfile.0123=FROM busybox\nCOPY a.txt /\n']);
  assert.deepEqual(await readBack(Buffer.alloc(0)), []);
});

test('a tar cut inside data, padding or a header stays truncated', async () => {
  const whole = await packed(entries);
  for (const at of [512 + 1, 1024 + 100, 1536 + 3, 1536 + entries[1].body.length + 1]) {
    await assert.rejects(readBack(whole.subarray(0, at)), /Unexpected end of data/, `cut at ${at}`);
  }
});

test('pax headers are entries like others; the size field in octal or base-256', async () => {
  const body = 'x'.repeat(700);
  const whole = await packed([{ name: 'p', body, pax: { comment: 'c' } }, { name: 'q', body: 'Q' }]);
  assert.deepEqual(await readBack(whole.subarray(0, whole.length - 1024 - 511)), [`p=${body}`, 'q=Q']);
  const h = Buffer.alloc(512);
  h.write('00000001750\0', 124, 'latin1');
  assert.equal(headerSize(h), 0o1750);
  h[124] = 0x80; h.fill(0, 125, 136); h[135] = 5; h[134] = 1;
  assert.equal(headerSize(h), 261);
});
