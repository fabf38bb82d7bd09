import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference, normalizeName, familiarName, formatReference } from './reference';

const D = 'sha256:' + 'a'.repeat(64);

test('Docker normalisation of names', () => {
  const cases: Array<[string, string]> = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/library/busybox:x', 'docker.io/library/busybox:x'],
    ['user/repo:tag', 'docker.io/user/repo:tag'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/repo', 'localhost:5000/repo:latest'],
    ['host:5000/repo@' + D, 'host:5000/repo@' + D],
    ['host.example/a/b/c:v1@' + D, 'host.example/a/b/c:v1@' + D],
    ['127.0.0.1:5000/x_y.z-w', '127.0.0.1:5000/x_y.z-w:latest'],
  ];
  for (const [input, want] of cases) assert.equal(normalizeName(input), want, input);
});

test('familiar names drop docker.io and library/', () => {
  assert.equal(familiarName('docker.io/library/busybox:latest'), 'busybox:latest');
  assert.equal(familiarName('docker.io/user/repo:t'), 'user/repo:t');
  assert.equal(familiarName('localhost:5000/repo:t'), 'localhost:5000/repo:t');
  assert.equal(familiarName('docker.io/library/a/b:t'), 'library/a/b:t');
});

test('parts are kept apart', () => {
  assert.deepEqual(parseReference('localhost:5000/repo:tag@' + D), { domain: 'localhost:5000', path: 'repo', tag: 'tag', digest: D });
  assert.deepEqual(parseReference('busybox'), { domain: 'docker.io', path: 'library/busybox' });
  assert.equal(formatReference(parseReference('a/b@' + D)), 'docker.io/a/b@' + D);
});

test('invalid references are INVALID_ARGUMENT with the reason', () => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty/], ['Busybox', /lowercase/], ['busybox:', /bad tag/], ['busybox:-x', /bad tag/],
    ['a@sha256:123', /digest/], ['a'.repeat(64).replace(/a/g, 'f'), /64-byte/], ['a//b', /component/],
    ['-a', /component/], ['a:b:c', /component/],
  ];
  for (const [s, why] of bad) assert.throws(() => parseReference(s), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && why.test(e.message), s);
});
