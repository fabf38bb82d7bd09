// Every route of the API fuzzed with generated bodies and queries against a real engine (issue 13):
// no answer may be a 500 (a JavaScript message leaking out), and the engine must still answer
// /_ping afterwards. Streaming routes count once their status line arrived. Destructive routes
// (remove, prune, reset) run last, so the others see live objects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { closeDaemonSuite, raw, tempRoot, testNames, type TempRoot } from './helpers';
import { bodyText, queryText, safeString } from './fuzz-arbitraries';
import { FUZZ_ROUTES, type FuzzRoute } from './fuzz-routes';

let t: TempRoot;
let daemon: Daemon;
const names = testNames();
const ids: Record<string, string> = {};
const internal: string[] = [];

before(async () => {
  t = await tempRoot('berth-api-fuzz-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, ...names, log: (l) => { if (/\b500\b|Error/.test(l)) internal.push(l); } });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  const c = new EngineClient(t.socketPath);
  await c.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  c.close();
  const create = async (path: string, body: unknown): Promise<string> => {
    const r = await raw(t.socketPath, 'POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' });
    assert.equal(r.status, 201, r.body);
    return (JSON.parse(r.body) as { Id: string }).Id;
  };
  ids.container = await create('/containers/create?name=fuzz-target', { Image: 'bb', Cmd: ['sleep', '600'], OpenStdin: true });
  assert.equal((await raw(t.socketPath, 'POST', '/containers/fuzz-target/start')).status, 204);
  ids.exec = await create('/containers/fuzz-target/exec', { Cmd: ['true'] });
  ids.network = await create('/networks/create', { Name: 'fuzznet' });
  await create('/volumes/create', { Name: 'fuzzvol' });
});
after(() => closeDaemonSuite(t, daemon, names.cgroupParent));

/** Status of one request; streams are cut once their headers arrived; no answer in 3 s counts as 0. */
function statusOf(method: string, path: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ socketPath: t.socketPath, method, path, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      clearTimeout(timer);
      res.on('error', () => undefined);
      res.destroy();
      resolve(res.statusCode ?? 0);
    });
    const timer = setTimeout(() => { req.destroy(); resolve(0); }, 3000);
    req.on('error', () => { clearTimeout(timer); resolve(-1); });
    req.end(body);
  });
}

const pathParam = (fixed: string): fc.Arbitrary<string> => fc.oneof(fc.constant(fixed), safeString.filter((s) => s.length > 0));

function fill(route: FuzzRoute): fc.Arbitrary<string> {
  const fixed: Record<string, string> = { id: ids.container, name: 'fuzzvol' };
  if (route.path.startsWith('/exec/')) fixed.id = ids.exec;
  if (route.path.startsWith('/networks/')) fixed.id = ids.network;
  if (route.path.startsWith('/images/')) fixed.name = 'bb:latest';
  const params = [...route.path.matchAll(/:(\w+)\*?/g)].map((m) => m[1]);
  return fc.tuple(...params.map((p) => pathParam(fixed[p]).map(encodeURIComponent)), queryText(route.query)).map((vals) => {
    let i = 0;
    const path = route.path.replace(/:(\w+)\*?/g, () => vals[i++]);
    const q = vals[vals.length - 1];
    return q ? `${path}?${q}` : path;
  });
}

for (const route of FUZZ_ROUTES) {
  test(`fuzz ${route.method} ${route.path}: never a 500`, { timeout: 120_000 }, async (tc) => {
    const failures: string[] = [];
    const seen: Record<number, number> = {};
    const body = route.body ? bodyText(route.body.template, route.body.paths) : fc.constant('');
    await fc.assert(fc.asyncProperty(fill(route), body, async (path, text) => {
      const status = await statusOf(route.method, path, text);
      seen[status] = (seen[status] ?? 0) + 1;
      if (status >= 500 && status !== 501) failures.push(`${status} ${route.method} ${path} ${text.slice(0, 300)}`);
      return status === 0 || status === 501 || (status >= 200 && status < 500) || status === -1;
    }), { numRuns: route.runs ?? 25, endOnFailure: true });
    tc.diagnostic(`statuses ${JSON.stringify(seen)}`);
    assert.deepEqual(failures, []);
    assert.equal((await raw(t.socketPath, 'GET', '/_ping')).body, 'OK');
  });
}

test('after the fuzz the engine answers and logged no internal error', async () => {
  assert.equal((await raw(t.socketPath, 'GET', '/_ping')).status, 200);
  assert.deepEqual(internal.filter((l) => /TypeError|RangeError|ReferenceError|SyntaxError/.test(l)), []);
});
