// plain-get.ts against real sockets on 127.0.0.1: a node:http server for well-behaved answers,
// a raw net server for the ones node:http would never send (a head in pieces, a body longer
// than its Content-Length, a close mid-body, no answer at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { plainGet } from './plain-get';

const MiB = 1 << 20;

async function listen(s: Server): Promise<URL> {
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return new URL(`http://127.0.0.1:${(s.address() as AddressInfo).port}/v2/a/blobs/x?q=1`);
}

async function withHttp(handler: RequestListener, fn: (url: URL) => Promise<void>): Promise<void> {
  const s = createHttpServer(handler);
  try {
    await fn(await listen(s));
  } finally {
    s.closeAllConnections();
    s.close();
  }
}

async function withRaw(onSocket: (c: Socket) => void, fn: (url: URL) => Promise<void>): Promise<void> {
  const sockets = new Set<Socket>();
  const s = createNetServer((c) => {
    sockets.add(c);
    c.on('error', () => undefined);
    onSocket(c);
  });
  try {
    await fn(await listen(s));
  } finally {
    for (const c of sockets) c.destroy();
    s.close();
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of body) out.push(c);
  return out;
}

test('a 5 MiB body sent in odd pieces arrives whole, in 1 MiB buffers handed on uncopied', async () => {
  const data = randomBytes(5 * MiB + 12345);
  let seen: Record<string, string | string[] | undefined> = {};
  let path = '';
  await withHttp((req, res) => {
    seen = req.headers;
    path = req.url ?? '';
    res.writeHead(200, { 'content-length': String(data.length), 'docker-content-digest': 'sha256:x' });
    for (let off = 0; off < data.length; off += 70_001) res.write(data.subarray(off, off + 70_001));
    res.end();
  }, async (url) => {
    const r = await plainGet(url, { authorization: 'Bearer t', range: 'bytes=0-' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['docker-content-digest'], 'sha256:x');
    const chunks = await collect(r.body);
    assert.deepEqual(Buffer.concat(chunks), data);
    const whole = chunks.filter((c) => c.byteOffset === 0 && c.byteLength === MiB && c.buffer.byteLength === MiB);
    assert.ok(whole.length >= 4, `only ${whole.length} of ${chunks.length} chunks were whole 1 MiB buffers`);
  });
  assert.equal(path, '/v2/a/blobs/x?q=1');
  assert.equal(seen.authorization, 'Bearer t');
  assert.equal(seen.range, 'bytes=0-');
});

test('an error status is answered with its headers; the caller drops it', async () => {
  await withHttp((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': '20' });
    res.end('{"errors":[]}       ');
  }, async (url) => {
    const r = await plainGet(url, {});
    assert.equal(r.status, 404);
    assert.equal(r.headers['content-type'], 'application/json');
    r.destroy();
  });
});

test('a head in pieces is waited for; bytes past Content-Length are cut off', async () => {
  await withRaw((c) => {
    c.once('data', () => {
      c.write('HTTP/1.1 200 OK\r\nContent-Le');
      setTimeout(() => c.write('ngth: 5\r\nX-A: b\r\n\r\nhelloEXTRA-BYTES'), 50);
    });
  }, async (url) => {
    const r = await plainGet(url, {});
    assert.equal(r.headers['x-a'], 'b');
    assert.equal(Buffer.concat(await collect(r.body)).toString(), 'hello');
  });
});

test('a close mid-body ends the body short, for the caller to resume from', async () => {
  await withRaw((c) => {
    c.once('data', () => c.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + 'x'.repeat(300)));
  }, async (url) => {
    const r = await plainGet(url, {});
    assert.equal(Buffer.concat(await collect(r.body)).length, 300);
  });
});

test('a server that answers nothing, or not HTTP, or a head without end, is an error', async () => {
  await withRaw(() => undefined, async (url) => {
    await assert.rejects(plainGet(url, {}, 200), /no answer from 127\.0\.0\.1:\d+ within 0\.2s/);
  });
  await withRaw((c) => c.once('data', () => c.end('SSH-2.0-OpenSSH\r\n\r\n')), async (url) => {
    await assert.rejects(plainGet(url, {}), /not HTTP/);
  });
  await withRaw((c) => c.once('data', () => c.write(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70 * 1024)}`)), async (url) => {
    await assert.rejects(plainGet(url, {}), /head over 65536 bytes/);
  });
  await assert.rejects(plainGet(new URL('https://127.0.0.1/'), {}), /is for http: URLs, not https:/);
  let connected = false;
  await withRaw(() => { connected = true; }, async (url) => {
    await assert.rejects(plainGet(url, { authorization: 'Bearer x\r\nX-Injected: 1' }), /invalid header "authorization"/);
    await assert.rejects(plainGet(url, { 'bad name': 'x' }), /invalid header "bad name"/);
  });
  assert.equal(connected, false, 'nothing was sent');
});

test('a reader that stops reading stops the socket: the server cannot send it all', async () => {
  const size = 96 * MiB;
  let sent = 0;
  let server: Socket | undefined;
  await withRaw((c) => {
    server = c;
    c.once('data', () => {
      c.write(`HTTP/1.1 200 OK\r\nContent-Length: ${size}\r\n\r\n`);
      const piece = Buffer.alloc(MiB);
      const more = (): void => {
        while (sent < size) {
          sent += piece.length;
          if (!c.write(piece)) return void c.once('drain', more);
        }
        c.end();
      };
      more();
    });
  }, async (url) => {
    const r = await plainGet(url, {});
    const it = r.body[Symbol.asyncIterator]();
    await it.next();
    await new Promise((done) => setTimeout(done, 400));
    const flushed = (server?.bytesWritten ?? 0);
    assert.ok(flushed < size / 2, `the server got ${flushed} of ${size} bytes out while nobody read`);
    let n = 0;
    for (let x = await it.next(); !x.done; x = await it.next()) n += x.value.length;
    assert.ok(n > size - 2 * MiB, `read ${n}`);
  });
});
