// Unit tests of config.json generation: capabilities, seccomp, mounts, user, rlimits, resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, type SpecInput } from './spec';
import { resolveCapabilities, DEFAULT_CAPABILITIES, capabilitiesFromMask, normalizeCapability } from './capabilities';
import { defaultSeccomp } from './seccomp';
import { parseBind, tmpfsMount, sortMounts } from './mounts';
import { parsePasswd, parseGroup, resolveUser } from './user';
import { buildRlimits, parseProcLimits, rlimitType } from './rlimits';
import { EngineError } from '../errors';

const base: SpecInput = {
  rootfs: '/r', args: ['sh'], env: ['A=1'], cwd: '/', user: { uid: 0, gid: 0 }, hostname: 'h',
  cgroupsPath: '/berth/x', host: { arch: 'x64', kernel: '6.1.0' },
};

test('capabilities: defaults, drop, add, ALL, privileged limited to what is available', () => {
  assert.deepEqual(new Set(resolveCapabilities({})), new Set(DEFAULT_CAPABILITIES));
  assert.ok(!resolveCapabilities({ capDrop: ['net_raw'] }).includes('CAP_NET_RAW'));
  assert.ok(resolveCapabilities({ capAdd: ['SYS_ADMIN'] }).includes('CAP_SYS_ADMIN'));
  assert.deepEqual(resolveCapabilities({ capDrop: ['ALL'], capAdd: ['cap_chown'] }), ['CAP_CHOWN']);
  assert.deepEqual(resolveCapabilities({ privileged: true, available: ['CAP_KILL'] }), ['CAP_KILL']);
  assert.ok(resolveCapabilities({ capAdd: ['ALL'], capDrop: ['KILL'] }).length > 30);
  assert.throws(() => normalizeCapability('FLY'), (e) => e instanceof EngineError && e.code === 'INVALID_ARGUMENT');
  assert.deepEqual(capabilitiesFromMask('a80425fb').sort(), [...DEFAULT_CAPABILITIES].sort());
});

test('seccomp: rules follow capabilities and arch', () => {
  const plain = defaultSeccomp({ arch: 'x64', capabilities: DEFAULT_CAPABILITIES, kernel: '6.1.0' });
  const names = (s: ReturnType<typeof defaultSeccomp>): string[] => (s.syscalls ?? []).filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names);
  assert.equal(plain.defaultAction, 'SCMP_ACT_ERRNO');
  assert.deepEqual(plain.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  assert.ok(names(plain).includes('read') && names(plain).includes('arch_prctl'));
  assert.ok(!names(plain).includes('mount'), 'mount needs CAP_SYS_ADMIN');
  assert.ok(!names(plain).includes('set_tls'), 'arm-only syscall left out on x86');
  assert.ok((plain.syscalls ?? []).some((r) => r.names[0] === 'clone3' && r.errnoRet === 38));
  const admin = defaultSeccomp({ arch: 'x64', capabilities: [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'], kernel: '6.1.0' });
  assert.ok(names(admin).includes('mount'));
  assert.ok(!(admin.syscalls ?? []).some((r) => r.names[0] === 'clone3' && r.action === 'SCMP_ACT_ERRNO'));
  const old = defaultSeccomp({ arch: 'x64', capabilities: [], kernel: '4.4.0' });
  assert.ok(!names(old).includes('ptrace'), 'ptrace only from 4.8');
});

test('spec: namespaces per network mode, resources, masked paths, init, seccomp', () => {
  const s = buildSpec({ ...base, memory: 64 << 20, nanoCpus: 1.5e9, pidsLimit: 10, initPath: '/usr/bin/catatonit', readonlyRootfs: true });
  const ns = s.linux.namespaces.map((n) => n.type).sort();
  assert.deepEqual(ns, ['cgroup', 'ipc', 'mount', 'network', 'pid', 'uts']);
  assert.equal(s.linux.resources?.memory?.limit, 64 << 20);
  assert.deepEqual(s.linux.resources?.cpu, { period: 100000, quota: 150000 });
  assert.deepEqual(s.linux.resources?.pids, { limit: 10 });
  assert.deepEqual(s.process.args, ['/sbin/docker-init', '--', 'sh']);
  assert.ok(s.mounts.some((m) => m.destination === '/sbin/docker-init' && m.source === '/usr/bin/catatonit'));
  assert.equal(s.root.readonly, true);
  assert.ok(s.linux.maskedPaths?.includes('/proc/kcore'));
  assert.ok(s.linux.seccomp);
  const host = buildSpec({ ...base, network: 'host', hostUts: true });
  assert.ok(!host.linux.namespaces.some((n) => n.type === 'network' || n.type === 'uts'));
  assert.equal(host.hostname, undefined);
  const joined = buildSpec({ ...base, network: { path: '/run/netns/x' } });
  assert.deepEqual(joined.linux.namespaces.find((n) => n.type === 'network'), { type: 'network', path: '/run/netns/x' });
  const joinedPid = buildSpec({ ...base, joinNamespaces: { pid: '/proc/9/ns/pid', uts: '/proc/9/ns/uts' } });
  assert.deepEqual(joinedPid.linux.namespaces.filter((n) => n.path).map((n) => n.type).sort(), ['pid', 'uts']);
  assert.equal(joinedPid.hostname, undefined, 'never rename a joined UTS namespace');
  const userns = buildSpec({ ...base, userns: { uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }], gidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }] } });
  assert.ok(userns.linux.namespaces.some((n) => n.type === 'user'));
  assert.equal(userns.linux.uidMappings?.[0].hostID, 100000);
  const priv = buildSpec({ ...base, privileged: true });
  assert.equal(priv.linux.seccomp, undefined);
  assert.deepEqual(priv.linux.maskedPaths, []);
  assert.ok(priv.mounts.find((m) => m.destination === '/sys')?.options?.includes('rw'));
});

test('mounts: binds, tmpfs defaults, user mounts replace defaults, parents first', () => {
  assert.deepEqual(parseBind('/h:/c:ro', () => 'x'), { destination: '/c', type: 'bind', source: '/h', options: ['rbind', 'rprivate', 'ro'] });
  assert.equal(parseBind('vol:/c', (n) => `/vols/${n}`).source, '/vols/vol');
  assert.throws(() => parseBind('nocolon', () => ''), (e) => e instanceof EngineError && e.code === 'INVALID_ARGUMENT');
  assert.deepEqual(tmpfsMount('/run', 'size=1m,exec').options, ['nosuid', 'nodev', 'size=1m', 'exec']);
  const sorted = sortMounts([{ destination: '/a/b' }, { destination: '/a' }]);
  assert.deepEqual(sorted.map((m) => m.destination), ['/a', '/a/b']);
  const s = buildSpec({ ...base, mounts: [{ destination: '/dev/shm', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] }], shmSize: 1 << 20 });
  assert.equal(s.mounts.filter((m) => m.destination === '/dev/shm').length, 1);
  assert.deepEqual(s.mounts.find((m) => m.destination === '/dev/shm')?.options, ['size=1m']);
});

test('user: names, ids, groups, supplementary groups, errors', () => {
  const passwd = parsePasswd('root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n');
  const group = parseGroup('root:x:0:\napp:x:1000:\nwheel:x:10:app,other\n');
  assert.deepEqual(resolveUser('', passwd, group), { uid: 0, gid: 0, additionalGids: [0], home: '/root' });
  assert.deepEqual(resolveUser('app', passwd, group), { uid: 1000, gid: 1000, additionalGids: [1000, 10], home: '/home/app' });
  assert.deepEqual(resolveUser('app:wheel', passwd, group), { uid: 1000, gid: 10, additionalGids: [10], home: '/home/app' });
  assert.deepEqual(resolveUser('4242:7', passwd, group), { uid: 4242, gid: 7, additionalGids: [7], home: '/' });
  assert.throws(() => resolveUser('ghost', passwd, group), /unable to find user ghost/);
  assert.throws(() => resolveUser('app:ghosts', passwd, group), /unable to find group ghosts/);
});

test('rlimits: capped at inherited hard limits; unlimited left out', () => {
  const limits = parseProcLimits('Limit Soft Hard Units\nMax open files            20000                20000                files\nMax core file size        0                    unlimited            bytes\n');
  assert.deepEqual(limits.RLIMIT_NOFILE, { soft: 20000, hard: 20000 });
  const r = buildRlimits([{ Name: 'nofile', Soft: 100000, Hard: 100000 }, { Name: 'core', Soft: -1, Hard: -1 }], limits);
  assert.deepEqual(r, [{ type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 }]);
  assert.equal(rlimitType('nproc'), 'RLIMIT_NPROC');
  assert.throws(() => rlimitType('bogus'), /invalid ulimit/);
});
