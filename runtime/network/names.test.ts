// Names by prefix: only the default engine's root gets the plain "berth" prefix, so an engine
// started elsewhere without a prefix (a test's) can never sweep the user's default engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPrefix, defaultPrefix, ifName } from './names';

test('defaultPrefix: "berth" for /var/lib/berth only; another root gets its own stable, valid prefix', () => {
  assert.equal(defaultPrefix('/var/lib/berth'), 'berth');
  assert.equal(defaultPrefix('/var/lib/berth/'), 'berth');
  const other = defaultPrefix('/tmp/berth-test-x/root');
  assert.notEqual(other, 'berth');
  assert.equal(other, defaultPrefix('/tmp/berth-test-x/root/'), 'stable for one root');
  assert.notEqual(other, defaultPrefix('/tmp/berth-test-y/root'));
  assert.equal(checkPrefix(other), other);
  assert.ok(!ifName(other, 'b', 'ffffffffffff').startsWith('berth'));
});
