import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/berth', import.meta.url));

test('berth --version prints the version from the bundle', () => {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  assert.match(out, /^berth version \d+\.\d+\.\d+\n$/);
});

test('an unknown command exits 1 and names the command', () => {
  const r = spawnSync(bin, ['frobnicate'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown command "frobnicate"/);
});

test('compose global flags may come before the command', () => {
  const file = fileURLToPath(new URL('../../examples/hello/compose.yaml', import.meta.url));
  const before = spawnSync(bin, ['-f', file, 'config', '--services'], { encoding: 'utf8' });
  const after = spawnSync(bin, ['config', '-f', file, '--services'], { encoding: 'utf8' });
  assert.equal(before.status, 0, before.stderr);
  assert.equal(before.stdout, after.stdout);
  assert.deepEqual(before.stdout.trim().split('\n').sort(), ['api', 'web']);
});
