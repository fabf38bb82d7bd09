// logs -f streams with bounded memory (issue 13): five followers of a 100 MB burst against an
// out-of-process test engine. Before, one follower took the engine to ~200 MB and five to ~490 MB
// (each follower read the whole file into memory and queued it unpaced on its socket); the bound
// below is generous for a shared host's noise, far under what unbounded buffering takes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readEnginePid } from '../../core/engine/index';
import { E2eEngine } from '../e2e/harness';
import { followBurst } from './log-burst';
import { json } from './raw-socket';
import { raw } from '../api/helpers';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let e: E2eEngine;
let pid: number;

before(async () => {
  e = await E2eEngine.create('berth-stress-logs-');
  await e.ok(['image', 'load', '-i', e.archive], {});
  pid = (await readEnginePid(e.t.root)) as number;
});
after(async () => { await e?.close(); });

const MB = 100;
const GROWTH_BOUND_MB = 120;

test(`five logs -f followers of a ${MB} MB burst: every byte arrives, engine growth under ${GROWTH_BOUND_MB} MB`, { timeout: 300_000 }, async (t) => {
  const r = await followBurst(e.t.socketPath, pid, { image: 'busybox', mb: MB, followers: 5 });
  t.diagnostic(`base ${r.baseMb.toFixed(0)} MB, peak ${r.peakMb.toFixed(0)} MB, ${r.seconds.toFixed(1)} s, received ${r.received.map((n) => (n / 1e6).toFixed(1)).join('/')} MB`);
  for (const n of r.received) assert.ok(n >= MB * 1_000_000, `a follower got ${n} bytes`);
  assert.ok(r.peakMb - r.baseMb < GROWTH_BOUND_MB, `engine grew ${(r.peakMb - r.baseMb).toFixed(0)} MB`);
});

test('--log-opt max-size=10k max-file=3: three files kept, each near 10k, logs reads them oldest first', { timeout: 120_000 }, async () => {
  const script = 'for i in $(seq 1 40); do echo "$(head -c 2000 /dev/zero | tr \'\\0\' a) $i"; sleep 0.05; done';
  const c = await json<{ Id: string }>(e.t.socketPath, 'POST', '/containers/create', {
    Image: 'busybox', Cmd: ['sh', '-c', script], HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '10k', 'max-file': '3' } } },
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const id = c.body.Id;
  assert.equal((await json(e.t.socketPath, 'POST', `/containers/${id}/start`)).status, 204);
  assert.equal((await json<{ StatusCode: number }>(e.t.socketPath, 'POST', `/containers/${id}/wait`)).body.StatusCode, 0);
  const logPath = (await json<{ LogPath: string }>(e.t.socketPath, 'GET', `/containers/${id}/json`)).body.LogPath;
  const files = (await readdir(dirname(logPath))).filter((f) => f.startsWith(basename(logPath)) && !f.endsWith('.live'));
  assert.deepEqual(files.sort(), [basename(logPath), `${basename(logPath)}.1`, `${basename(logPath)}.2`].sort());
  for (const f of files) assert.ok((await stat(join(dirname(logPath), f))).size < 10 * 1024 + 2200, `${f} stays near max-size`);
  const numbers = (await raw(e.t.socketPath, 'GET', `/containers/${id}/logs?stdout=1`)).body.match(/ (\d+)\n/g)?.map((m) => Number(m.trim())) ?? [];
  assert.equal(numbers[numbers.length - 1], 40, 'the last line is there');
  assert.ok(numbers.length >= 8 && numbers.length < 40, `what the three files hold: ${numbers.length} lines`);
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'oldest first');
  assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => 41 - numbers.length + i), 'no line lost between kept files');
  await json(e.t.socketPath, 'DELETE', `/containers/${id}?force=1`);
});

test('a bad --log-opt is refused at create with 400', async () => {
  const r = await json<{ message: string }>(e.t.socketPath, 'POST', '/containers/create', { Image: 'busybox', HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': 'huge' } } } });
  assert.equal(r.status, 400);
  assert.match(r.body.message, /max-size/);
});
