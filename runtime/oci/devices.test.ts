// HostConfig.Devices → device nodes and cgroup rules: the real /dev/null, /dev/zero and a
// directory of devices, copied with their numbers and mode; refusals for a non-device, a missing
// path, a relative path and unknown permissions; the spec carries node and rule together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { deviceNumbers, resolveDevices, validateDevice, type DeviceHost } from './devices';
import { buildSpec } from './spec';

const host: DeviceHost = { stat: (p) => stat(p).catch(() => undefined), readdir: (p) => readdir(p) };

test('a host device is copied under its container path with its numbers, mode and permissions', async () => {
  const [d] = await resolveDevices([{ PathOnHost: '/dev/zero', PathInContainer: '/dev/myzero', CgroupPermissions: 'r' }], host);
  assert.deepEqual(d, { node: { path: '/dev/myzero', type: 'c', major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0 }, access: 'r' });
  const [n] = await resolveDevices([{ PathOnHost: '/dev/null' }], host);
  assert.deepEqual([n!.node.path, n!.access], ['/dev/null', 'rwm']);
});

test('a directory gives every device node below it, under the container path', async () => {
  const all = await resolveDevices([{ PathOnHost: '/dev/pts', PathInContainer: '/dev/hostpts', CgroupPermissions: 'rw' }], host);
  assert.ok(all.every((d) => d.node.path.startsWith('/dev/hostpts/') && d.access === 'rw'));
  assert.ok(all.some((d) => d.node.path === '/dev/hostpts/ptmx'), JSON.stringify(all.map((d) => d.node.path)));
});

test('refusals: not a device, missing, relative, bad permissions', async () => {
  await assert.rejects(resolveDevices([{ PathOnHost: '/etc/hostname' }], host), /not a device node/);
  await assert.rejects(resolveDevices([{ PathOnHost: '/dev/berth-none' }], host), /no such file/);
  assert.throws(() => validateDevice({ PathOnHost: 'dev/null' }), /must be absolute/);
  assert.throws(() => validateDevice({ PathOnHost: '/dev/null', CgroupPermissions: 'rwx' }), /only r, w and m/);
});

test('dev_t numbers split as glibc does, large minors included', () => {
  assert.deepEqual(deviceNumbers((1 << 8) | 5), { major: 1, minor: 5 });
  assert.deepEqual(deviceNumbers((259 << 8) | 0x34 | (0x12 << 20)), { major: 259, minor: 0x1234 });
});

test('the spec creates the node and allows exactly its access in the device cgroup', () => {
  const devices = [{ node: { path: '/dev/myzero', type: 'c' as const, major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0 }, access: 'r' }];
  const spec = buildSpec({ rootfs: '/r', args: ['sh'], env: [], cwd: '/', user: { uid: 0, gid: 0 }, hostname: 'h', cgroupsPath: '/x', host: { arch: 'x64', kernel: '6.1.0' }, devices });
  assert.ok(spec.linux.devices?.some((d) => d.path === '/dev/myzero' && d.major === 1 && d.minor === 5));
  assert.deepEqual(spec.linux.resources?.devices?.at(-1), { allow: true, type: 'c', major: 1, minor: 5, access: 'r' });
});
