// A hung peer holds nothing for long (issue 13): an upgraded request (as `docker exec` sends) that
// announces a body and then stalls is answered 400 in bounded time (node's parser, or the body
// timeout of ApiContext's upgraded-body reader), and meanwhile the server answers everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiServer, Router, commonHeaders } from '../../runtime/api/index';
import { openRequest } from '../stress/raw-socket';
import { raw, tempRoot, type TempRoot } from './helpers';

let t: TempRoot;
let server: ApiServer;
let bodiesRead = 0;

before(async () => {
  t = await tempRoot('berth-api-hung-');
  const router = new Router()
    .get('/_ping', (ctx) => ctx.send(200, {}, 'OK'))
    .post('/echo', async (ctx) => { await ctx.body(); bodiesRead++; ctx.empty(204); });
  server = new ApiServer({ router, commonHeaders: commonHeaders(), bodyTimeoutMs: 300 });
  await server.listen(t.socketPath);
});
after(async () => {
  await server?.close();
  await t?.cleanup();
});

test('an upgraded request whose body stalls gets a 400 in bounded time; others are served meanwhile', async () => {
  const s = await openRequest(t.socketPath, 'POST', '/echo', '', { 'Content-Length': '100', Connection: 'Upgrade', Upgrade: 'tcp' });
  s.write('{"Detach":');
  let reply = '';
  s.on('data', (b: Buffer) => { reply += b.toString(); });
  const t0 = Date.now();
  assert.equal((await raw(t.socketPath, 'GET', '/_ping')).body, 'OK', 'served while the stalled one waits');
  for (let i = 0; i < 100 && !reply.includes('}'); i++) await new Promise((r) => setTimeout(r, 20));
  const waited = Date.now() - t0;
  s.destroy();
  assert.match(reply, /^HTTP\/1\.1 400 /);
  // node's parser or the context's body timeout, whichever comes first, refuses it in bounded time
  assert.ok(waited < 3000, `answered after ${waited} ms`);
  assert.equal(bodiesRead, 0);
});

test('a peer that goes away mid-body releases the handler at once', async () => {
  const s = await openRequest(t.socketPath, 'POST', '/echo', '', { 'Content-Length': '100', Connection: 'Upgrade', Upgrade: 'tcp' });
  s.write('{"Detach":');
  s.destroy();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await raw(t.socketPath, 'GET', '/_ping')).body, 'OK');
  assert.equal(bodiesRead, 0);
});
