import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DyingLinks } from './dying-links';

/** A fake kernel: links that exist, a clock the test moves, and the deletes asked for. */
function fake() {
  const present = new Set<string>();
  const removed: string[] = [];
  let t = 0;
  const ops = {
    exists: async (n: string) => present.has(n),
    remove: async (n: string) => { removed.push(n); present.delete(n); },
    now: () => t,
  };
  return { present, removed, ops, advance: (ms: number) => { t += ms; } };
}

test('links are tracked until the kernel frees them; their names and addresses stay taken meanwhile', async () => {
  const k = fake();
  const d = new DyingLinks(k.ops, 1000, 1);
  k.present.add('v1').add('v2');
  d.add([{ name: 'v1', networkId: 'n1', ip: '10.89.0.2' }, { name: 'v2', networkId: 'n2', ip: '10.89.1.2' }]);
  assert.ok(d.has('v1'));
  assert.deepEqual(d.ips('n1'), ['10.89.0.2']);
  k.present.delete('v1');
  k.present.delete('v2');
  await d.settle();
  assert.equal(d.size, 0);
  assert.ok(!d.has('v1'));
  assert.deepEqual(d.ips('n1'), []);
  assert.deepEqual(k.removed, [], 'nothing deleted that the kernel freed itself');
});

test('a link that outlives the grace period (its namespace still held) is deleted', async () => {
  const k = fake();
  const d = new DyingLinks(k.ops, 1000, 1);
  k.present.add('held');
  d.add([{ name: 'held', networkId: 'n', ip: '10.89.0.3' }]);
  // The background poll leaves it alone within the grace period...
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(k.removed, []);
  assert.ok(d.has('held'));
  // ...and deletes it past it.
  k.advance(1001);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(k.removed, ['held']);
  assert.equal(d.size, 0);
});

test('settle is bounded: it deletes what is still there once the grace period is over', async () => {
  const k = fake();
  const d = new DyingLinks({ ...k.ops, now: () => { k.advance(100); return k.ops.now(); } }, 500, 1);
  k.present.add('stuck');
  d.add([{ name: 'stuck', networkId: 'n', ip: '10.89.0.4' }]);
  await d.settle();
  assert.deepEqual(k.removed, ['stuck']);
  assert.equal(d.size, 0);
});

test("settle(networkId) waits for that network's links only", async () => {
  const k = fake();
  const d = new DyingLinks({ ...k.ops, now: () => { k.advance(10); return k.ops.now(); } }, 10_000, 1);
  k.present.add('b1');
  d.add([{ name: 'a1', networkId: 'a', ip: '10.89.0.2' }, { name: 'b1', networkId: 'b', ip: '10.89.1.2' }]);
  // a1 is already freed by the kernel; b1 (another network, well within its grace) is not waited for.
  await d.settle('a');
  assert.ok(!d.has('a1'));
  assert.ok(d.has('b1'), 'the other network\'s link is still tracked');
  assert.deepEqual(k.removed, []);
  k.present.delete('b1');
  await d.settle();
  assert.equal(d.size, 0);
  assert.deepEqual(k.removed, []);
});
