// ensureEngine's client: no probe before the first request; a missing or refusing socket starts
// the daemon (here a small fake that answers HTTP on the socket) once, and the request is sent
// again once it answers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { alive, ensureEngine } from './ensure';
import { readText } from './transport';
import { CoreError } from '../errors';

const dirs: string[] = [];
const pids: number[] = [];
after(async () => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'berth-ensure-'));
  dirs.push(d);
  return d;
}

// The fake daemon: logs each request line to LOG (so the test sees what reached it), answers
// _ping "OK", echoes a POST body's length, and exits on SIGTERM. DELAY_MS before listening, as a
// daemon takes a while to come up.
const FAKE_DAEMON = `
const http = require('node:http'); const fs = require('node:fs');
const [sock, log, delay] = process.argv.slice(1);
const srv = http.createServer((req, res) => {
  fs.appendFileSync(log, req.method + ' ' + req.url + '\\n');
  let n = 0; req.on('data', (c) => { n += c.length; });
  req.on('end', () => {
    if (req.url === '/_ping') { res.end('OK'); return; }
    res.setHeader('Content-Type', 'application/json'); res.end(JSON.stringify({ url: req.url, bytes: n }));
  });
});
setTimeout(() => srv.listen(sock), Number(delay));
process.on('SIGTERM', () => process.exit(0));
`;

function fake(dir: string, delayMs = 50): { opts: Parameters<typeof ensureEngine>[0]; log: string; sock: string } {
  const sock = join(dir, 'engine.sock');
  const log = join(dir, 'requests.log');
  return { sock, log, opts: { config: { root: join(dir, 'root'), socketPath: sock }, daemonArgv: [process.execPath, '-e', FAKE_DAEMON, sock, log, String(delayMs)], timeoutMs: 5000 } };
}

const readLog = async (p: string): Promise<string[]> => (await import('node:fs/promises')).readFile(p, 'utf8').then((t) => t.trim().split('\n'), () => []);

test('an engine already listening gets the command\'s own request first: no probe connection, nothing started', async () => {
  const dir = await tempDir();
  const sock = join(dir, 'engine.sock');
  const seen: string[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => { seen.push(`${req.method} ${req.url}`); res.setHeader('Content-Type', 'application/json'); res.end('{"Version":"1"}'); });
  server.on('connection', () => { connections++; });
  await new Promise<void>((r) => server.listen(sock, r));
  const { client, startedPid } = ensureEngine({ config: { root: join(dir, 'root'), socketPath: sock }, daemonArgv: ['/nonexistent-daemon'] });
  try {
    assert.deepEqual(await client.version(), { Version: '1' });
    assert.deepEqual(seen, ['GET /version']);
    assert.equal(connections, 1);
    assert.equal(startedPid(), undefined);
  } finally {
    client.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a missing socket starts the daemon once for several concurrent first requests, each then answered', async () => {
  const dir = await tempDir();
  const { opts, log } = fake(dir);
  const { client, startedPid } = ensureEngine(opts);
  try {
    const [a, b] = await Promise.all([
      client.transport.json<{ url: string; bytes: number }>({ method: 'POST', path: '/containers/create', body: { Image: 'bb' } }),
      client.transport.json<{ url: string }>({ method: 'GET', path: '/containers/json' }),
    ]);
    assert.equal(a.url, '/containers/create');
    assert.equal(a.bytes, JSON.stringify({ Image: 'bb' }).length);
    assert.equal(b.url, '/containers/json');
    const pid = startedPid();
    assert.ok(pid !== undefined && alive(pid), 'the daemon runs');
    pids.push(pid);
    const lines = await readLog(log);
    assert.ok(lines.includes('GET /_ping'), 'waited for _ping');
    assert.equal(lines.filter((l) => l === 'POST /containers/create').length, 1, 'create reached the engine exactly once');
    assert.deepEqual(lines.filter((l) => l !== 'GET /_ping').sort(), ['GET /containers/json', 'POST /containers/create']);
  } finally {
    client.close();
  }
});

test('a stale socket file (ECONNREFUSED) starts the daemon; a streamed body arrives whole on the retry', async () => {
  const dir = await tempDir();
  const { opts, sock } = fake(dir);
  // A path nobody listens on (as a crashed daemon leaves its socket): connect(2) is refused. The
  // fake removes it before binding, as berthd removes a stale socket.
  await writeFile(sock, '');
  const { client, startedPid } = ensureEngine({ ...opts, daemonArgv: [process.execPath, '-e', `require('node:fs').rmSync(${JSON.stringify(sock)}, { force: true });` + FAKE_DAEMON, ...opts.daemonArgv.slice(3)] });
  try {
    const body = Readable.from([Buffer.alloc(1000, 1), Buffer.alloc(2345, 2)]);
    const res = await client.transport.request({ method: 'POST', path: '/images/load', body });
    assert.deepEqual(JSON.parse(await readText(res)), { url: '/images/load', bytes: 3345 });
    const pid = startedPid();
    assert.ok(pid !== undefined);
    pids.push(pid);
  } finally {
    client.close();
  }
});

test('commands that start the engine side by side: the one whose daemon lost the root waits for the winner', async () => {
  const dir = await tempDir();
  const { opts, sock } = fake(dir);
  const root = join(dir, 'root');
  await mkdir(root, { recursive: true });
  // The winner: an engine (by its argv) that holds the pid file and listens only 400 ms later.
  const winner = spawn(process.execPath, ['-e', FAKE_DAEMON, sock, join(dir, 'winner.log'), '400', 'engine', 'daemon'], { stdio: 'ignore' });
  pids.push(winner.pid as number);
  await writeFile(join(root, 'berthd.pid'), `${winner.pid}\n${sock}\n`);
  // This command's own daemon finds the root taken and exits at once, as berthd does.
  const loser = ensureEngine({ ...opts, daemonArgv: [process.execPath, '-e', 'console.error("an engine already runs"); process.exit(1)'] });
  try {
    assert.equal((await loser.client.transport.json<{ url: string }>({ method: 'GET', path: '/containers/json' })).url, '/containers/json');
  } finally {
    loser.client.close();
  }
});

test('a daemon that cannot start fails the request UNAVAILABLE with its log; an engine error is not a reason to start one', async () => {
  const dir = await tempDir();
  const { opts } = fake(dir);
  const broken = ensureEngine({ ...opts, daemonArgv: [process.execPath, '-e', 'console.error("berthd: cannot bind"); process.exit(3)'] });
  try {
    await assert.rejects(broken.client.version(), (err: unknown) => err instanceof CoreError && err.code === 'UNAVAILABLE' && /did not start[\s\S]*cannot bind/.test(err.message));
  } finally {
    broken.client.close();
  }
  const sock = join(dir, 'err.sock');
  const server = createServer((_req, res) => { res.statusCode = 500; res.end('{"message":"boom"}'); });
  await new Promise<void>((r) => server.listen(sock, r));
  const { client, startedPid } = ensureEngine({ ...opts, config: { root: join(dir, 'root'), socketPath: sock } });
  try {
    await assert.rejects(client.version(), /boom/);
    assert.equal(startedPid(), undefined);
  } finally {
    client.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
