// Stream mechanics on a real socket: hijacked connections (Upgrade: tcp, body in the same packet,
// half-close of stdin), stdcopy framing both ways, and /events with filters, since and until.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { ApiServer, Router, buildRouter, commonHeaders, frame, FrameDecoder, STDOUT, STDERR } from '../../runtime/api/index';
import { EventBus } from '../../runtime/events/index';
import { pumpSession } from '../../runtime/api/routes/stdio-pump';
import { EngineClient, demuxStream } from '../../core/engine/index';
import type { EventMessage } from '../../runtime/api/types';
import { tempRoot, type TempRoot } from './helpers';

let t: TempRoot;
let server: ApiServer;
let now = 1_700_000_000_000;
const bus = new EventBus(() => BigInt(now) * 1_000_000n);
const events = { subscribe: (fn: (e: EventMessage) => void) => bus.subscribe(fn), recent: () => bus.since(0n) };
const publish = (Type: EventMessage['Type'], Action: string, ID: string, Attributes: Record<string, string>): void => { bus.publish({ Type, Action, Actor: { ID, Attributes } }); };

before(async () => {
  t = await tempRoot();
  const system = { id: 'x', name: 'x', rootDir: t.root, storageDriver: 'overlay2', cgroupVersion: '1' as const, cgroupDriver: 'cgroupfs', defaultRuntime: 'crun', runtimes: {}, initBinary: '', securityOptions: [] };
  const router = buildRouter({ system, events }, { now: () => now });
  addEchoRoutes(router);
  server = new ApiServer({ router, commonHeaders: commonHeaders() });
  await server.listen(t.socketPath);
});
after(async () => {
  await server?.close();
  await t?.cleanup();
});

/** A test-only exec: upper-cases stdin to stdout, reports the JSON body on stderr, as a session. */
function addEchoRoutes(r: Router): void {
  r.post('/test/echo', async (ctx) => {
    const body = await ctx.jsonBody<{ tag: string }>();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = Readable.from([Buffer.from(`tag=${body.tag}\n`)]);
    stdin.on('data', (c: Buffer) => stdout.write(c.toString().toUpperCase()));
    let finish!: () => void;
    const done = new Promise<void>((res) => { finish = res; });
    stdin.on('end', () => { stdout.end(); finish(); });
    pumpSession({ tty: false, stdin, stdout, stderr, done, close: () => finish() }, ctx.hijack('application/vnd.docker.multiplexed-stream'));
  });
}

test('stdcopy frames round-trip, large chunks split into 32 KiB frames', () => {
  const big = Buffer.alloc(70_000, 7);
  const dec = new FrameDecoder();
  const bytes = Buffer.concat([frame(STDOUT, Buffer.from('hi\n')), frame(STDERR, big)]);
  const got = [...dec.push(bytes.subarray(0, 5)), ...dec.push(bytes.subarray(5))];
  assert.equal(got.length, 1 + 3);
  assert.deepEqual(got[0], { stream: 1, data: Buffer.from('hi\n') });
  assert.equal(Buffer.concat(got.slice(1).map((f) => f.data)).length, 70_000);
  assert.ok(got.slice(1).every((f) => f.stream === 2 && f.data.length <= 32 * 1024));
  assert.equal(dec.remainder, 0);
});

test('a hijacked connection: 101 UPGRADED, JSON body read from the upgrade packet, stdin half-close', async () => {
  const c = new EngineClient(t.socketPath);
  try {
    const { socket, contentType } = await c.transport.hijack({ method: 'POST', path: '/test/echo', body: { tag: 'abc' } });
    assert.equal(contentType, 'application/vnd.docker.multiplexed-stream');
    const out = new PassThrough();
    const err = new PassThrough();
    const outText = collect(out);
    const errText = collect(err);
    const demuxed = demuxStream(socket, out, err);
    socket.write('hello ');
    socket.write('world');
    socket.end(); // CloseWrite, as the docker CLI does when stdin ends
    await demuxed;
    out.end(); err.end();
    assert.equal(await outText, 'HELLO WORLD');
    assert.equal(await errText, 'tag=abc\n');
  } finally {
    c.close();
  }
});

test('/events streams matching events live, replays history with since, and ends at until', async () => {
  const c = new EngineClient(t.socketPath);
  const abort = new AbortController();
  const seen: EventMessage[] = [];
  try {
    publish('container', 'create', 'a'.repeat(64), { name: 'old', image: 'bb' });
    const live = c.events({ filters: { type: ['container'], label: ['tier=web'] }, signal: abort.signal }, (e) => {
      seen.push(e);
      if (seen.length === 1) abort.abort();
    });
    await new Promise((r) => setTimeout(r, 50));
    publish('image', 'tag', 'sha256:1', { name: 'bb:latest' });
    publish('container', 'start', 'b'.repeat(64), { name: 'db', tier: 'db' });
    publish('container', 'start', 'c'.repeat(64), { name: 'web', tier: 'web', image: 'bb' });
    await live;
    assert.equal(seen.length, 1);
    assert.equal(seen[0].Actor.Attributes.name, 'web');
    assert.equal(seen[0].status, 'start');
    assert.equal(seen[0].from, 'bb');
    assert.equal(seen[0].timeNano, now * 1e6);
    const past: EventMessage[] = [];
    const since = String(Math.floor(now / 1000) - 1);
    const until = String(Math.floor(now / 1000) + 1);
    now += 5000; // until is in the past now: history only, then the stream ends by itself
    await c.events({ since, until, filters: { container: ['db', 'web'] } }, (e) => past.push(e));
    assert.deepEqual(past.map((e) => e.Actor.Attributes.name), ['db', 'web']);
  } finally {
    c.close();
  }
});

function collect(s: PassThrough): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
