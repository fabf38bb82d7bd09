// The examples, brought up and down through the bundle on a real engine (networks, DNS, ports,
// healthchecks, volumes): examples/shop answers on its published port with its backend's reply
// (reached by service name), after the migration and the backend's healthcheck gated it; its
// named volume keeps data across down/up and goes with down -v; down leaves no bridge, nftables
// table or container. examples/twenty: 20 services up and down. shop publishes on a port free at
// run time (SHOP_PORT), so the tests pass beside a user's own shop on 18080 (`npm start`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { E2eEngine, freePort, type Run } from './harness';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get as httpGet } from 'node:http';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
let e: E2eEngine;
let shopPort = 0;

before(async () => {
  e = await E2eEngine.create('berth-e2e-ex-');
  shopPort = await freePort();
});
after(async () => {
  for (const ex of ['shop', 'twenty']) await berth(ex, ['down', '-v', '-t', '1']).catch(() => undefined);
  await e.close();
});

const exampleEnv = (): NodeJS.ProcessEnv => ({ SHOP_PORT: String(shopPort) });
const berth = (example: string, args: string[]): Promise<Run> => e.run(args, { cwd: join(examples, example), timeoutMs: 60_000, env: exampleEnv() });
const ok = (example: string, args: string[]): Promise<Run> => e.ok(args, { cwd: join(examples, example), timeoutMs: 60_000, env: exampleEnv() });

async function page(): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await get(`http://127.0.0.1:${shopPort}/cgi-bin/index`);
    } catch (err) {
      if (i >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** busybox httpd's CGI replies carry header bytes undici's strict parser refuses; curl and node:http (lenient) read them. */
function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { insecureHTTPParser: true, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => { body += b; });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

const kernelLeftovers = (): string[] => {
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(e.names.networkPrefix));
  const tables = execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(e.names.networkPrefix));
  return [...links, ...tables];
};

test('shop: migration, then healthy backend, then web answering on its published port with the backend\'s reply', async () => {
  await ok('shop', ['image', 'load', '-i', e.archive]);
  const up = await ok('shop', ['up', '-d']);
  const order = ['Container shop-migrate-1 Exited', 'Container shop-backend-1 Healthy', 'Container shop-web-1 Started'].map((s) => up.stderr.indexOf(s));
  assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)), up.stderr);
  const body = await page();
  assert.match(body, /^hello from backend$/m);
  assert.equal(body.match(/^migrated at /gm)?.length, 1);
  assert.match((await ok('shop', ['ps', '--format', 'json'])).stdout, /"Health":"healthy"/);
  assert.match((await ok('shop', ['ps', '--format', '{{.Service}}\t{{.Health}}'])).stdout, /^backend\thealthy$/m, 'a Go template as compose ps takes it');
  for (const cmd of [['ps', 'nosuch'], ['logs', 'nosuch']]) {
    const r = await berth('shop', cmd);
    assert.equal(r.code, 1, `${cmd.join(' ')} of an unknown service fails, as compose's`);
    assert.match(r.stderr, /no such service: nosuch/);
  }
  assert.equal((await ok('shop', ['port', 'web', '80'])).stdout, `127.0.0.1:${shopPort}\n`);
  const none = await berth('shop', ['port', 'web', '81']);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no port 81\/tcp/);
});

test('shop: the named volume keeps data across down/up; down -v removes it and leaves no network state', async () => {
  await ok('shop', ['down', '-t', '1']);
  assert.equal((await ok('shop', ['container', 'ls', '-a', '-q'])).stdout, '');
  await ok('shop', ['up', '-d']);
  assert.equal((await page()).match(/^migrated at /gm)?.length, 2, 'the second migration appended to the kept log');
  const down = await ok('shop', ['down', '-v', '-t', '1']);
  assert.match(down.stderr, /Volume shop_data Removed/);
  assert.match(down.stderr, /Network shop_default Removed/);
  assert.deepEqual(kernelLeftovers(), []);
  await ok('shop', ['up', '-d']);
  assert.equal((await page()).match(/^migrated at /gm)?.length, 1, 'a fresh volume after down -v');
  await ok('shop', ['down', '-v', '-t', '1']);
});

test('twenty: 20 services up in tiers, all running, down --rmi all removes them and their image', async () => {
  await ok('twenty', ['up', '-d']);
  const ps = (await ok('twenty', ['ps', '--format', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { State: string });
  assert.equal(ps.length, 20);
  assert.ok(ps.every((c) => c.State === 'running'));
  assert.equal((await ok('twenty', ['plan'])).stdout, 'nothing to do\n');
  const down = await ok('twenty', ['down', '-t', '1', '--rmi', 'all']);
  assert.match(down.stderr, /Image busybox:latest Removed/);
  assert.equal((await ok('twenty', ['container', 'ls', '-a', '-q'])).stdout, '');
  assert.doesNotMatch((await ok('twenty', ['image', 'ls'])).stdout, /busybox/);
  assert.deepEqual(kernelLeftovers(), []);
});
