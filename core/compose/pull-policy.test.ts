// pull_policy decisions as compose-spec defines them, with plain data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePull, policyInterval } from './pull-policy';

const DAY = 86_400_000;

test('missing/if_not_present pull only what is absent; always and refresh always pull', () => {
  assert.equal(decidePull(undefined, { present: false }, 0, false), 'pull');
  assert.equal(decidePull(undefined, { present: true }, 0, false), 'skip');
  assert.equal(decidePull('if_not_present', { present: true }, 0, false), 'skip');
  assert.equal(decidePull('always', { present: true }, 0, false), 'pull');
  assert.equal(decidePull('refresh', { present: true }, 0, false), 'pull');
});

test('never and build never pull an image that must come from elsewhere', () => {
  assert.equal(decidePull('never', { present: false }, 0, false), 'missing-never');
  assert.equal(decidePull('never', { present: true }, 0, false), 'skip');
  assert.equal(decidePull('build', { present: false }, 0, true), 'missing-build');
  assert.equal(decidePull(undefined, { present: false }, 0, true), 'missing-build', 'a service with build defaults to building');
});

test('daily, weekly and every_<duration> pull when the last pull is that old', () => {
  assert.equal(policyInterval('every_1w2d3h4m5s'), 9 * DAY + 3 * 3_600_000 + 4 * 60_000 + 5000);
  assert.equal(policyInterval('weekly'), 7 * DAY);
  const now = 10 * DAY;
  assert.equal(decidePull('daily', { present: true, lastPulled: now - DAY / 2 }, now, false), 'skip');
  assert.equal(decidePull('daily', { present: true, lastPulled: now - DAY }, now, false), 'pull');
  assert.equal(decidePull('every_12h', { present: true, lastPulled: now - DAY / 4 }, now, false), 'skip');
  assert.equal(decidePull('every_12h', { present: false }, now, false), 'pull');
  assert.throws(() => decidePull('sometimes', { present: true }, now, false), /invalid pull_policy "sometimes"/);
});
