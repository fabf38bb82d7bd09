// examples/guestbook on its own engine, as its README walks through it, on a copy of the example
// (the repo's files stay as they are): `up -d --wait --build` builds both images on the Debian
// base, the page answers on a free loopback port, a POSTed entry shows on the page, `down` then
// `up` keeps it (named volume), a second `up` changes nothing, and `berth watch` brings an edited
// template (sync) and an edited Python file (sync+restart) into the running service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { berthBin, E2eEngine, freePort, type Run } from '../e2e/harness';
import { importDebianBase } from './debian-base';

let e: E2eEngine;
let dir: string;
let port = 0;
let watcher: ChildProcess | undefined;
let watchOut = '';

before(async () => {
  e = await E2eEngine.create('berth-e2e-guestbook-');
  dir = join(e.t.dir, 'guestbook');
  await cp(fileURLToPath(new URL('../../examples/guestbook/', import.meta.url)), dir, { recursive: true });
  port = await freePort();
  await importDebianBase(e);
});
after(async () => {
  watcher?.kill('SIGTERM');
  await berth(['down', '-v', '-t', '1']).catch(() => undefined);
  await e.close();
});

const env = (): NodeJS.ProcessEnv => ({ GUESTBOOK_PORT: String(port) });
const berth = (args: string[], timeoutMs = 300_000): Promise<Run> => e.run(args, { cwd: dir, timeoutMs, env: env() });
const ok = (args: string[], timeoutMs = 300_000): Promise<Run> => e.ok(args, { cwd: dir, timeoutMs, env: env() });
const url = (): string => `http://127.0.0.1:${port}/`;

async function until<T>(what: string, get: () => Promise<T>, good: (v: T) => boolean, ms = 60_000): Promise<T> {
  let last: unknown;
  for (const end = Date.now() + ms; Date.now() < end;) {
    try {
      const v = await get();
      if (good(v)) return v;
      last = v;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for ${what}; last: ${String(last)}\nwatch said:\n${watchOut}`);
}

const page = async (): Promise<string> => {
  const r = await fetch(url(), { signal: AbortSignal.timeout(5000) });
  assert.equal(r.status, 200);
  return r.text();
};

async function sign(name: string, message: string): Promise<void> {
  const r = await fetch(url(), { method: 'POST', body: new URLSearchParams({ name, message }), redirect: 'manual', signal: AbortSignal.timeout(5000) });
  assert.equal(r.status, 303);
}

test('up --build: both images built on the Debian base, the page reads from PostgreSQL', async () => {
  const up = await ok(['up', '-d', '--wait', '--build']);
  assert.match(up.stderr + up.stdout, /guestbook-web/);
  const first = await page();
  assert.match(first, /<h1>Guestbook<\/h1>/);
  assert.match(first, /0 entries, read from PostgreSQL/);
  const ps = (await ok(['ps'])).stdout;
  assert.match(ps, /^guestbook-db-1 .*\(healthy\)/m);
  assert.match(ps, /^guestbook-web-1 .*\(healthy\)/m);
  const user = (await ok(['exec', '-T', 'web', 'id', '-un'])).stdout.trim();
  assert.equal(user, 'guestbook', 'web runs as the USER of its Dockerfile');
  const dbUser = (await ok(['exec', '-T', 'db', 'stat', '-c', '%U', '/proc/1'])).stdout.trim();
  assert.equal(dbUser, 'postgres', 'the server runs as postgres');
});

test('POST an entry, see it on the page; a bad form is refused', async () => {
  await sign('Ada', 'hello from the e2e test <b>&</b>');
  const p = await page();
  assert.match(p, /1 entries/);
  assert.match(p, /<b>Ada<\/b>: hello from the e2e test &lt;b&gt;&amp;&lt;\/b&gt;/);
  const bad = await fetch(url(), { method: 'POST', body: new URLSearchParams({ name: 'x' }), signal: AbortSignal.timeout(5000) });
  assert.equal(bad.status, 400);
});

test('down then up keeps the entries in the named volume', async () => {
  await ok(['down', '-t', '5']);
  await assert.rejects(page(), 'nothing answers after down');
  await ok(['up', '-d', '--wait']);
  assert.match(await page(), /<b>Ada<\/b>: hello from the e2e test/);
});

test('a second up plans nothing and recreates nothing', async () => {
  const ids = (await ok(['ps', '-q'])).stdout;
  const plan = (await ok(['plan'])).stdout.split('\n').filter((l) => l && l !== 'nothing to do' && !/^wait /.test(l));
  assert.deepEqual(plan, []);
  const again = await ok(['up', '-d']);
  assert.doesNotMatch(again.stderr, /Recreat|Creat|Remov|Build/, again.stderr);
  assert.equal((await ok(['ps', '-q'])).stdout, ids);
});

test('watch: a template edit is synced, a Python edit is synced and the service restarted', async () => {
  watcher = spawn(process.execPath, [berthBin, 'watch'], { env: { ...e.env(), ...env() }, cwd: dir });
  watcher.stdout!.on('data', (b: Buffer) => { watchOut += b; });
  watcher.stderr!.on('data', (b: Buffer) => { watchOut += b; });
  await until('watch to start', async () => watchOut, (o) => o.includes('Watch enabled'));
  const tpl = join(dir, 'web', 'templates', 'page.html');
  await writeFile(tpl, (await readFile(tpl, 'utf8')).replace('<h1>Guestbook</h1>', '<h1>Guestbook, edited</h1>'));
  await until('the edited template', page, (p) => p.includes('<h1>Guestbook, edited</h1>'));
  const py = join(dir, 'web', 'app', 'guestbook.py');
  await writeFile(py, (await readFile(py, 'utf8')).replace('server_version = "guestbook/1"', 'server_version = "guestbook/2"'));
  const server = async (): Promise<string> => (await fetch(url(), { signal: AbortSignal.timeout(5000) })).headers.get('server') ?? '';
  await until('the restarted service with the edited code', server, (s) => s.startsWith('guestbook/2'));
  assert.match(await page(), /<b>Ada<\/b>/, 'the data is still there after the restart');
  watcher.kill('SIGTERM');
  watcher = undefined;
});
