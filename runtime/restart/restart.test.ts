import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventMessage } from '../api/types';
import { decideRestart, nextDelay, restartAtBoot } from './policy';
import { RestartManager, type RestartTarget } from './manager';

const base = { exitCode: 1, manualStop: false, restartCount: 0, ranForMs: 50, previousDelayMs: 0 };

test('policies: no never, always and unless-stopped always, on-failure only on non-zero up to N', () => {
  assert.equal(decideRestart({ ...base, policy: { Name: 'no' } }).restart, false);
  assert.equal(decideRestart({ ...base, policy: undefined }).restart, false);
  assert.equal(decideRestart({ ...base, exitCode: 0, policy: { Name: 'always' } }).restart, true);
  assert.equal(decideRestart({ ...base, exitCode: 0, policy: { Name: 'unless-stopped' } }).restart, true);
  assert.equal(decideRestart({ ...base, exitCode: 0, policy: { Name: 'on-failure' } }).restart, false);
  assert.equal(decideRestart({ ...base, policy: { Name: 'on-failure', MaximumRetryCount: 2 }, restartCount: 1 }).restart, true);
  assert.equal(decideRestart({ ...base, policy: { Name: 'on-failure', MaximumRetryCount: 2 }, restartCount: 2 }).restart, false);
  assert.equal(decideRestart({ ...base, policy: { Name: 'on-failure' }, restartCount: 99 }).restart, true, 'no maximum');
  assert.equal(decideRestart({ ...base, manualStop: true, policy: { Name: 'always' } }).restart, false, 'a user stop wins');
});

test('back-off doubles from 100 ms to a 1 minute cap, and resets after a 10 s run', () => {
  const seq: number[] = [];
  let d = 0;
  for (let i = 0; i < 12; i++) { d = nextDelay(d, 50); seq.push(d); }
  assert.deepEqual(seq.slice(0, 5), [100, 200, 400, 800, 1600]);
  assert.equal(seq[11], 60_000);
  assert.equal(nextDelay(60_000, 10_000), 100);
});

test('at engine start: always/unless-stopped come back unless a user stopped them; on-failure if it was running', () => {
  assert.equal(restartAtBoot({ Name: 'always' }, false, false, 0), true);
  assert.equal(restartAtBoot({ Name: 'unless-stopped' }, false, true, 0), false);
  assert.equal(restartAtBoot({ Name: 'on-failure' }, true, false, 137), true);
  assert.equal(restartAtBoot({ Name: 'on-failure' }, false, false, 0), false);
  assert.equal(restartAtBoot({ Name: 'no' }, true, false, 1), false);
});

class FakeClock {
  timers: Array<{ fn: () => void; ms: number; live: boolean }> = [];
  setTimeout(fn: () => void, ms: number): unknown { const t = { fn, ms, live: true }; this.timers.push(t); return t; }
  clearTimeout(h: unknown): void { (h as { live: boolean }).live = false; }
  fire(): void { const due = this.timers.filter((t) => t.live); this.timers = []; for (const t of due) { t.live = false; t.fn(); } }
}

function ev(id: string, action: string): EventMessage {
  return { Type: 'container', Action: action, Actor: { ID: id, Attributes: {} }, scope: 'local', time: 0, timeNano: 0 };
}

function harness(target: RestartTarget) {
  let listener: (e: EventMessage) => void = () => undefined;
  const clock = new FakeClock();
  const restarts: string[] = [];
  const marks: Array<[string, boolean]> = [];
  const rec = { ...target };
  const m = new RestartManager({
    host: { describe: () => rec, restart: async (id) => { restarts.push(id); rec.restartCount++; }, markRestarting: (id, r) => marks.push([id, r]) },
    subscribe: (fn) => { listener = fn; return () => { listener = () => undefined; }; },
    clock,
  });
  m.start();
  return { m, clock, restarts, marks, rec, emit: (e: EventMessage) => listener(e) };
}

test('the manager restarts a dying container after the back-off, doubling while it keeps crashing', async () => {
  const h = harness({ policy: { Name: 'always' }, exitCode: 1, manualStop: false, restartCount: 0, startedAt: 0, finishedAt: 20 });
  h.emit(ev('c1', 'die'));
  assert.equal(h.m.pendingDelay('c1'), 100);
  assert.deepEqual(h.marks, [['c1', true]]);
  h.clock.fire();
  await Promise.resolve();
  assert.deepEqual(h.restarts, ['c1']);
  h.emit(ev('c1', 'die'));
  assert.equal(h.m.pendingDelay('c1'), 200);
  h.clock.fire();
  await Promise.resolve();
  assert.equal(h.restarts.length, 2);
});

test('a stop or removal during the delay cancels the restart', () => {
  const h = harness({ policy: { Name: 'always' }, exitCode: 1, manualStop: false, restartCount: 0 });
  h.emit(ev('c1', 'die'));
  h.emit(ev('c1', 'stop'));
  assert.equal(h.m.pendingDelay('c1'), undefined);
  h.clock.fire();
  assert.deepEqual(h.restarts, []);
  assert.deepEqual(h.marks, [['c1', true], ['c1', false]]);
  h.emit(ev('c1', 'die'));
  h.rec.manualStop = true;
  h.clock.fire();
  assert.deepEqual(h.restarts, [], 'manual stop seen when the timer fires');
  h.m.close();
});

test('on-failure:1 restarts once, then leaves it exited', async () => {
  const h = harness({ policy: { Name: 'on-failure', MaximumRetryCount: 1 }, exitCode: 2, manualStop: false, restartCount: 0 });
  h.emit(ev('c1', 'die'));
  h.clock.fire();
  await Promise.resolve();
  h.emit(ev('c1', 'die'));
  assert.equal(h.m.pendingDelay('c1'), undefined);
  assert.deepEqual(h.restarts, ['c1']);
});
