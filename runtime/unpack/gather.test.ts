import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Gather } from './gather';

test('small reads are gathered into 1 MiB pieces, in order; big ones pass as they are', () => {
  const g = new Gather();
  const small = Array.from({ length: 40 }, () => randomBytes(40_000));
  const pieces = small.flatMap((c) => g.add(c));
  assert.equal(pieces.length, 1);
  assert.equal(pieces[0].length, 1 << 20);
  const big = randomBytes(1 << 20);
  const after = g.add(big);
  assert.equal(after.length, 2);
  assert.equal(after[1], big, 'the big read itself, not a copy');
  const tail = randomBytes(10);
  assert.equal(g.add(tail).length, 0);
  const rest = g.rest();
  assert.equal(rest.length, 1);
  assert.deepEqual(g.rest(), []);
  const all = Buffer.concat([...pieces, after[0], big, rest[0]]);
  assert.deepEqual(rest[0], tail);
  assert.equal(all.length, 40 * 40_000 + (1 << 20) + 10);
  assert.deepEqual(all.subarray(0, 40 * 40_000), Buffer.concat(small));
});
