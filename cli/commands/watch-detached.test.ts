import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watcherFingerprint } from './watch-detached';
import type { Project } from '../../core/spec/index';

const project = (develop: unknown): Project => ({ name: 'p', services: { web: { image: 'busybox', develop } } } as unknown as Project);
const argv = ['/usr/bin/node', '--max-semi-space-size=1', '/x/bin/berth', 'watch', '--no-up', '-p', 'p'];

test('a watcher fingerprint changes with the watch rules and the command line, not with where node is', () => {
  const rules = { watch: [{ path: './src', action: 'sync', target: '/app' }] };
  const fp = watcherFingerprint(project(rules), argv);
  assert.equal(watcherFingerprint(project(structuredClone(rules)), ['/other/node', ...argv.slice(1)]), fp);
  assert.notEqual(watcherFingerprint(project({ watch: [{ path: './src', action: 'rebuild' }] }), argv), fp);
  assert.notEqual(watcherFingerprint(project(rules), [...argv, 'web']), fp);
});
