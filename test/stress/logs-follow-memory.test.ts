// logs -f streams with bounded memory (issue 13): five followers of a 100 MB burst against an
// out-of-process test engine. Before, one follower took the engine to ~200 MB and five to ~490 MB
// (each follower read the whole file into memory and queued it unpaced on its socket); the bound
// below is generous for a shared host's noise, far under what unbounded buffering takes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readEnginePid } from '../../core/engine/index';
import { E2eEngine } from '../e2e/harness';
import { followBurst } from './log-burst';

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
