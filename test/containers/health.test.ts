// Healthchecks run inside the container as execs and drive State.Health like Docker's:
// starting → unhealthy after Retries failures → healthy on the first success; events follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeHarness, type Harness } from './harness';
import { applyProbe, probeCommand, type HealthState } from '../../runtime/containers/health';

let h: Harness;
before(async () => { h = await makeHarness(); });
after(async () => { await h?.cleanup(); });

const MS = 1_000_000;

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (cond()) return; await new Promise((r) => setTimeout(r, 50)); }
  throw new Error('condition not met in time');
}

test('probe command forms and the state machine of one probe', () => {
  assert.deepEqual(probeCommand({ Test: ['CMD', 'ls', '-l'] }), ['ls', '-l']);
  assert.deepEqual(probeCommand({ Test: ['CMD-SHELL', 'test -f /x'] }), ['/bin/sh', '-c', 'test -f /x']);
  assert.equal(probeCommand({ Test: ['NONE'] }), undefined);
  assert.equal(probeCommand(undefined), undefined);
  const s: HealthState = { Status: 'starting', FailingStreak: 0, Log: [] };
  const r = (exitCode: number): { start: Date; end: Date; exitCode: number; output: string } => ({ start: new Date(0), end: new Date(1), exitCode, output: 'x'.repeat(5000) });
  assert.equal(applyProbe(s, r(1), true, 2), undefined, 'failures in the start period do not count');
  assert.equal(s.FailingStreak, 0);
  assert.equal(applyProbe(s, r(1), false, 2), undefined);
  assert.equal(applyProbe(s, r(1), false, 2), 'unhealthy');
  assert.equal(applyProbe(s, r(0), false, 2), 'healthy');
  assert.equal(s.FailingStreak, 0);
  for (let i = 0; i < 6; i++) applyProbe(s, r(0), false, 2);
  assert.equal(s.Log.length, 5);
  assert.equal(s.Log[0].Output.length, 4096);
});

test('a real container goes starting → unhealthy → healthy, with health_status events', async () => {
  const { Id } = await h.svc.create({
    Image: 'busybox', Cmd: ['sleep', '60'],
    Healthcheck: { Test: ['CMD-SHELL', 'test -f /tmp/ok && echo fine'], Interval: 150 * MS, Timeout: 2000 * MS, Retries: 2 },
  });
  const events: string[] = [];
  const unsub = h.events.subscribe((e) => events.push(e.Action), { container: [Id] });
  await h.svc.start(Id);
  assert.equal(h.svc.inspect(Id).State.Health?.Status, 'starting');
  await waitFor(() => h.svc.inspect(Id).State.Health?.Status === 'unhealthy');
  assert.ok((h.svc.inspect(Id).State.Health?.FailingStreak ?? 0) >= 2);
  assert.match(h.svc.list().find((c) => c.Id === Id)?.Status ?? '', /\(unhealthy\)/);
  const eid = h.svc.execCreate(Id, { Cmd: ['touch', '/tmp/ok'] });
  const ex = await h.svc.execStart(eid);
  ex.stdin.end();
  assert.equal(await ex.exited, 0);
  await waitFor(() => h.svc.inspect(Id).State.Health?.Status === 'healthy');
  const last = h.svc.inspect(Id).State.Health?.Log.at(-1);
  assert.equal(last?.ExitCode, 0);
  assert.equal(last?.Output, 'fine\n');
  unsub();
  assert.ok(events.includes('health_status: unhealthy') && events.includes('health_status: healthy'), events.join(','));
  await h.svc.stop(Id, { timeout: 0 });
  const probes = h.svc.inspect(Id).State.Health?.Log.length;
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(h.svc.inspect(Id).State.Health?.Log.length, probes, 'no probes after the container stopped');
});

test('no healthcheck: no Health in inspect', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['true'] });
  await h.svc.start(Id);
  await h.svc.wait(Id);
  assert.equal(h.svc.inspect(Id).State.Health, undefined);
});
