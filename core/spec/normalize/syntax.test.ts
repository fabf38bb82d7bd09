import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePort } from './ports';
import { parseVolume } from './volumes';
import { formatDuration, parseBytes, parseDuration } from './units';
import { shellSplit } from './shell-words';
import { toEnvMap, toHostsMap } from './mappings';

test('ports: every short form, as docker/go-connections reads them', () => {
  assert.deepEqual(parsePort('80'), [{ mode: 'ingress', target: 80, protocol: 'tcp' }]);
  assert.deepEqual(parsePort(53), [{ mode: 'ingress', target: 53, protocol: 'tcp' }]);
  assert.deepEqual(parsePort('127.0.0.1:8080:80/UDP'), [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'udp' }]);
  assert.deepEqual(parsePort('[::1]:8443:443'), [{ mode: 'ingress', host_ip: '::1', target: 443, published: '8443', protocol: 'tcp' }]);
  assert.deepEqual(parsePort('3000-3001').map((p) => p.target), [3000, 3001]);
  assert.deepEqual(parsePort('9000-9001:8000-8001').map((p) => `${p.published}->${p.target}`), ['9000->8000', '9001->8001']);
  assert.deepEqual(parsePort('8000-8010:80'), [{ mode: 'ingress', target: 80, published: '8000-8010', protocol: 'tcp' }]);
  assert.throws(() => parsePort('8000-8001:80-82'), /invalid ranges/);
  assert.throws(() => parsePort('70000'), /invalid port range/);
  assert.throws(() => parsePort('abc:80'), /invalid host port/);
});

test('volumes: bind vs named, modes, targets cleaned', () => {
  assert.deepEqual(parseVolume('/data/'), { type: 'volume', target: '/data', volume: {} });
  assert.deepEqual(parseVolume('./src:/app//src:ro,z'), { type: 'bind', source: './src', target: '/app/src', read_only: true, bind: { create_host_path: true, selinux: 'z' } });
  assert.deepEqual(parseVolume('cache:/c:nocopy'), { type: 'volume', source: 'cache', target: '/c', volume: { nocopy: true } });
  assert.deepEqual(parseVolume('~/x:/x:rshared,cached'), { type: 'bind', source: '~/x', target: '/x', consistency: 'cached', bind: { create_host_path: true, propagation: 'rshared' } });
  assert.equal(parseVolume('C:\\data:/data').source, 'C:\\data');
  assert.throws(() => parseVolume('a:b:c:d'), /too many colons/);
  assert.throws(() => parseVolume('./a:/a:wat'), /unknown option/);
});

test('durations parse Go syntax and print as time.Duration.String()', () => {
  assert.equal(parseDuration('1m30s'), 90e9);
  assert.equal(parseDuration('1.5h'), 5400e9);
  assert.equal(parseDuration('300ms'), 300e6);
  assert.equal(formatDuration(90e9), '1m30s');
  assert.equal(formatDuration(3600e9 + 2 * 60e9), '1h2m0s');
  assert.equal(formatDuration(60e9), '1m0s');
  assert.equal(formatDuration(1.5e9), '1.5s');
  assert.equal(formatDuration(500e6), '500ms');
  assert.equal(formatDuration(0), '0s');
  assert.throws(() => parseDuration('10 parsecs'), /invalid duration/);
});

test('byte sizes as go-units RAMInBytes', () => {
  assert.equal(parseBytes('640kb'), 655360);
  assert.equal(parseBytes('1g'), 1073741824);
  assert.equal(parseBytes('512M'), 536870912);
  assert.equal(parseBytes('-1'), -1);
  assert.equal(parseBytes(1024), 1024);
  assert.equal(parseBytes('100'), 100);
  assert.throws(() => parseBytes('lots'), /invalid size/);
});

test('shell words as go-shellwords splits commands', () => {
  assert.deepEqual(shellSplit(`sh -c 'echo "a b"' x\\ y`), ['sh', '-c', 'echo "a b"', 'x y']);
  assert.deepEqual(shellSplit(`echo "say \\"hi\\"" ''`), ['echo', 'say "hi"', '']);
  assert.deepEqual(shellSplit('   '), []);
  assert.throws(() => shellSplit(`echo "open`), /unterminated/);
});

test('mappings: environment lists, hosts', () => {
  assert.deepEqual(toEnvMap(['A=1', 'B', 'C=x=y', 'D=']), { A: '1', B: null, C: 'x=y', D: '' });
  assert.deepEqual(toEnvMap({ N: 1, T: true, U: null }), { N: '1', T: 'true', U: null });
  assert.deepEqual(toHostsMap(['h:1.2.3.4', 'v6=::1', 'h=5.6.7.8', 'h:1.2.3.4']), { h: ['1.2.3.4', '5.6.7.8'], v6: ['::1'] });
});
