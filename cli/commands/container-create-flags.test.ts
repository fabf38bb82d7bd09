import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from './engine-args';
import { CREATE_FLAGS, createBody, parseBytes, parseDevice, parseDuration, parseMount, parsePorts } from './container-create-flags';
import { humanDuration, humanSize, formatWith, formatRows } from './engine-format';

test('docker-style argv: grouped shorts, = values, repeatable flags, stop at the image', () => {
  const { flags, positionals } = parseArgs(['-it', '--rm', '-e', 'A=1', '--env=B=2', '-p8080:80', '--name', 'x', 'bb', 'sh', '-c', 'echo -n hi'], CREATE_FLAGS, true);
  assert.equal(flags.interactive, true);
  assert.equal(flags.tty, true);
  assert.deepEqual(flags.env, ['A=1', 'B=2']);
  assert.deepEqual(flags.publish, ['8080:80']);
  assert.deepEqual(positionals, ['bb', 'sh', '-c', 'echo -n hi']);
  assert.throws(() => parseArgs(['--bogus'], CREATE_FLAGS), /unknown flag: --bogus/);
});

test('sizes, durations, ports and mounts as the docker CLI parses them', () => {
  assert.equal(parseBytes('512m'), 512 * 1024 ** 2);
  assert.equal(parseBytes('1g'), 1024 ** 3);
  assert.equal(parseDuration('1m30s'), 90e9);
  assert.deepEqual(parsePorts(['127.0.0.1:8080:80', '53/udp', '9000:9000']), {
    exposed: { '80/tcp': {}, '53/udp': {}, '9000/tcp': {} },
    bindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '' }], '9000/tcp': [{ HostIp: '', HostPort: '9000' }] },
  });
  assert.deepEqual(parseMount('type=bind,source=/a,target=/b,readonly'), { Type: 'bind', Source: '/a', Target: '/b', ReadOnly: true });
  assert.throws(() => parseMount('type=volume,source=x'), /target is required/);
});

test('createBody: env from the caller for bare names, AutoRemove, resources, restart policy', () => {
  const { flags } = parseArgs(['--rm', '-e', 'HOME_DIR', '-e', 'UNSET_X', '-m', '64m', '--cpus', '1.5', '--restart', 'on-failure:3', '-l', 'a=b', '--init'], CREATE_FLAGS, true);
  const b = createBody(flags, 'bb', ['true'], { HOME_DIR: '/root' });
  assert.deepEqual(b.Env, ['HOME_DIR=/root']);
  assert.equal(b.HostConfig?.AutoRemove, true);
  assert.equal(b.HostConfig?.Memory, 64 * 1024 ** 2);
  assert.equal(b.HostConfig?.NanoCpus, 1.5e9);
  assert.deepEqual(b.HostConfig?.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.equal(b.HostConfig?.Init, true);
  assert.deepEqual(b.Labels, { a: 'b' });
  assert.deepEqual(b.Cmd, ['true']);
  assert.equal(b.AttachStdout, true);
});

test('human sizes and durations as go-units; --format templates', () => {
  assert.equal(humanSize(2_050_000), '2.05MB');
  assert.equal(humanSize(999), '999B');
  assert.equal(humanDuration(59_000), '59 seconds');
  assert.equal(humanDuration(3 * 3600_000), '3 hours');
  assert.equal(humanDuration(800 * 24 * 3600_000), '2 years');
  assert.equal(formatWith('{{.Name}}\\t{{json .Labels}}', { Name: 'x', Labels: { a: '1' } }), 'x\t{"a":"1"}');
});

test('--device SRC[:DST][:PERMS] as docker/cli parses it', () => {
  assert.deepEqual(parseDevice('/dev/fuse'), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' });
  assert.deepEqual(parseDevice('/dev/fuse:r'), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'r' });
  assert.deepEqual(parseDevice('/dev/fuse:/dev/f'), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/f', CgroupPermissions: 'rwm' });
  assert.deepEqual(parseDevice('/dev/fuse:/dev/f:rw'), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/f', CgroupPermissions: 'rw' });
  assert.throws(() => parseDevice('/dev/fuse:/dev/f:x'), /invalid device mode/);
  assert.throws(() => parseDevice('a:b:c:d'), /invalid device specification/);
});

test('--format "table TEMPLATE": a header from the fields, cells aligned as the docker CLI aligns them', () => {
  const rows = [{ ID: 'abc', Names: 'web-1', Status: 'Up 2 minutes' }, { ID: 'def', Names: 'database-primary', Status: 'Exited (0)' }];
  assert.equal(formatRows('table {{.ID}}\\t{{.Names}}\\t{{.Status}}', rows, { ID: 'CONTAINER ID' }),
    'CONTAINER ID   NAMES              STATUS\n' +
    'abc            web-1              Up 2 minutes\n' +
    'def            database-primary   Exited (0)\n');
  assert.equal(formatRows('table {{.CreatedAt}}', [{ CreatedAt: 'now' }]), 'CREATED AT\nnow\n');
  assert.equal(formatRows('{{.Names}}', rows), 'web-1\ndatabase-primary\n');
  assert.equal(formatRows('json', [{ A: 1 }]), '{"A":1}\n');
});
