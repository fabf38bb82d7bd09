import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromDockerMount, fromTmpfs, parseBind, parseVolumesFrom } from './mount-specs';

test('Binds strings: path sources are binds, names are volumes; modes read as dockerd does', () => {
  assert.deepEqual(parseBind('/host:/c'), { kind: 'bind', source: '/host', target: '/c', readOnly: false, propagation: 'rprivate', create: true });
  assert.deepEqual(parseBind('/host:/c:ro,z,rshared'), { kind: 'bind', source: '/host', target: '/c', readOnly: true, propagation: 'rshared', create: true });
  assert.deepEqual(parseBind('data:/var/lib/x:nocopy'), { kind: 'volume', name: 'data', target: '/var/lib/x', readOnly: false, noCopy: true });
  assert.throws(() => parseBind('data:relative'), /not an absolute path/);
  assert.throws(() => parseBind('/a:/b:bogus'), /invalid mode "bogus"/);
  assert.throws(() => parseBind('/only'), /invalid volume specification/);
});

test('Mounts objects and Tmpfs entries', () => {
  assert.deepEqual(fromDockerMount({ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 65536, Mode: 0o1777 } }), { kind: 'tmpfs', target: '/t', readOnly: false, options: ['size=65536', 'mode=1777'] });
  assert.deepEqual(fromDockerMount({ Type: 'volume', Target: '/v' }), { kind: 'volume', name: undefined, target: '/v', readOnly: false, noCopy: false, labels: undefined, driverOpts: undefined });
  assert.throws(() => fromDockerMount({ Type: 'bind', Source: 'rel', Target: '/x' }), /not an absolute path/);
  assert.throws(() => fromDockerMount({ Type: 'bind', Source: '/a', Target: '/x', BindOptions: { Propagation: 'odd' } }), /invalid propagation/);
  assert.deepEqual(fromTmpfs('/run', 'ro,size=1m'), { kind: 'tmpfs', target: '/run', readOnly: true, options: ['size=1m'] });
  assert.deepEqual(parseVolumesFrom('web:ro'), { container: 'web', mode: 'ro' });
  assert.throws(() => parseVolumesFrom('web:rx'), /invalid volumes_from/);
});
