import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus, matchesFilters } from './event-bus';

test('publish: Docker shape with time from the injected clock, deprecated fields for containers', () => {
  let now = 1_700_000_000_123_456_789n;
  const bus = new EventBus(() => now);
  const ev = bus.publish({ Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: { name: 'web', image: 'busybox' } } });
  assert.deepEqual(ev, { Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: { name: 'web', image: 'busybox' } }, scope: 'local', time: 1_700_000_000, timeNano: Number(now), status: 'start', id: 'abc', from: 'busybox' });
  now += 1_000_000_000n;
  const img = bus.publish({ Type: 'image', Action: 'pull', Actor: { ID: 'busybox:latest' } });
  assert.equal(img.status, undefined);
});

test('subscribe with filters, unsubscribe, replay since', () => {
  let now = 1n;
  const bus = new EventBus(() => now++, 3);
  const got: string[] = [];
  const off = bus.subscribe((e) => got.push(`${e.Actor.ID}:${e.Action}`), { type: ['container'], event: ['die', 'exec_start'], label: ['tier=web'] });
  bus.publish({ Type: 'container', Action: 'die', Actor: { ID: 'a', Attributes: { tier: 'web' } } });
  bus.publish({ Type: 'container', Action: 'die', Actor: { ID: 'b', Attributes: { tier: 'db' } } });
  bus.publish({ Type: 'container', Action: 'exec_start: ls', Actor: { ID: 'a', Attributes: { tier: 'web' } } });
  bus.publish({ Type: 'network', Action: 'die', Actor: { ID: 'n', Attributes: { tier: 'web' } } });
  off();
  bus.publish({ Type: 'container', Action: 'die', Actor: { ID: 'a', Attributes: { tier: 'web' } } });
  assert.deepEqual(got, ['a:die', 'a:exec_start: ls']);
  assert.equal(bus.listenerCount, 0);
  // Only the last 3 are kept.
  assert.deepEqual(bus.since(0n).map((e) => e.Actor.ID), ['a', 'n', 'a']);
  assert.deepEqual(bus.since(0n, { container: ['a'] }).length, 2);
});

test('filters: container by name or id prefix, image attribute', () => {
  const ev = new EventBus(() => 5n).publish({ Type: 'container', Action: 'create', Actor: { ID: 'deadbeef', Attributes: { name: 'web', image: 'nginx' } } });
  assert.ok(matchesFilters(ev, { container: ['web'] }));
  assert.ok(matchesFilters(ev, { container: ['dead'] }));
  assert.ok(!matchesFilters(ev, { container: ['db'] }));
  assert.ok(matchesFilters(ev, { image: ['nginx'] }));
  assert.ok(matchesFilters(ev, { label: ['name'] }));
});
