// Named volumes keep data across "containers" (real bind mounts in private mount namespaces),
// get image content copied up on first use, honour nocopy, refuse removal while in use; binds,
// tmpfs and volumes_from resolve to OCI mounts that the kernel accepts; nothing stays mounted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readFile, symlink, chmod, chown, stat, readdir, rm, lstat, readlink } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { VolumeService, ContainerMounts, type OciMount } from '../../runtime/volumes/index';

const sh = promisify(execFile);
let root = '';
let rootfs = '';
let vols: VolumeService;
let cm: ContainerMounts;
const cid = () => randomBytes(32).toString('hex');

/** Mounts like a runtime would, in a throw-away mount namespace, then runs `script` there. */
async function inMountNs(mounts: OciMount[], script: string): Promise<string> {
  const mnt = await mkdtemp(join(tmpdir(), 'berth-mnt-'));
  const steps = mounts.map((m) => {
    const dest = join(mnt, m.destination);
    const opts = m.options.filter((o) => !['rbind', 'rprivate', 'ro', 'rw'].includes(o));
    const ro = m.options.includes('ro');
    return m.type === 'tmpfs'
      ? `mkdir -p ${dest} && mount -t tmpfs -o ${[...opts, ro ? 'ro' : 'rw'].join(',')} tmpfs ${dest}`
      : `mkdir -p ${dest} && mount --rbind ${m.source} ${dest}${ro ? ` && mount -o remount,bind,ro ${dest}` : ''}`;
  });
  try {
    const { stdout } = await sh('unshare', ['-m', '--propagation', 'private', 'sh', '-c', [...steps, `cd ${mnt} && ${script}`].join(' && ')]);
    return stdout;
  } finally {
    await rm(mnt, { recursive: true, force: true });
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'berth-vol-'));
  rootfs = join(root, 'rootfs');
  await mkdir(join(rootfs, 'data', 'sub'), { recursive: true });
  await writeFile(join(rootfs, 'data', 'seed.txt'), 'from the image\n');
  await chmod(join(rootfs, 'data', 'seed.txt'), 0o640);
  await symlink('seed.txt', join(rootfs, 'data', 'link'));
  vols = new VolumeService({ stateRoot: root });
  cm = new ContainerMounts(vols, root);
});

after(async () => {
  const mounts = (await readFile('/proc/mounts', 'utf8')).split('\n').filter((l) => l.includes(root));
  for (const m of mounts) await sh('umount', ['-l', m.split(' ')[1]]).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

test('a named volume is created on first use, gets image content copied up once, and keeps data', async () => {
  const a = cid();
  const r = await cm.resolve(a, { binds: ['appdata:/data'], rootfs });
  assert.deepEqual(r.volumes, ['appdata']);
  assert.deepEqual(r.mounts, [{ destination: '/data', type: 'bind', source: vols.dataDir('appdata'), options: ['rbind', 'rw', 'rprivate'] }]);
  const dir = vols.dataDir('appdata');
  assert.equal(await readFile(join(dir, 'seed.txt'), 'utf8'), 'from the image\n');
  assert.equal((await stat(join(dir, 'seed.txt'))).mode & 0o777, 0o640);
  assert.ok((await lstat(join(dir, 'link'))).isSymbolicLink());
  assert.equal(await readlink(join(dir, 'link')), 'seed.txt');
  assert.ok((await stat(join(dir, 'sub'))).isDirectory());
  await inMountNs(r.mounts, 'echo written-by-a > data/state.txt');
  await cm.release(a);
  // A second container: no copy-up over existing content, the data is still there.
  await writeFile(join(rootfs, 'data', 'new-in-image.txt'), 'x');
  const b = cid();
  const r2 = await cm.resolve(b, { binds: ['appdata:/data:ro'], rootfs });
  assert.equal(await inMountNs(r2.mounts, 'cat data/state.txt'), 'written-by-a\n');
  await assert.rejects(inMountNs(r2.mounts, 'echo x > data/other'), /Read-only/);
  assert.deepEqual((await readdir(dir)).sort(), ['link', 'seed.txt', 'state.txt', 'sub']);
  await cm.release(b);
});

test('nocopy leaves a new volume empty', async () => {
  const c = cid();
  await cm.resolve(c, { mounts: [{ Type: 'volume', Source: 'bare', Target: '/data', VolumeOptions: { NoCopy: true } }], rootfs });
  assert.deepEqual(await readdir(vols.dataDir('bare')), []);
  await cm.release(c);
});

test('a volume in use cannot be removed; released, it can; prune takes anonymous ones unless all=true', async () => {
  const c = cid();
  const r = await cm.resolve(c, { binds: ['held:/held'], anonymousVolumes: ['/anon'] });
  const anon = r.volumes.find((v) => v !== 'held') as string;
  assert.match(anon, /^[0-9a-f]{64}$/);
  assert.equal((await vols.inspect('held')).UsageData?.RefCount, 1);
  await assert.rejects(vols.remove('held'), (e: Error & { code?: string }) => e.code === 'CONFLICT' && /in use/.test(e.message));
  await assert.rejects(vols.remove('held', true), /in use/);
  await cm.release(c);
  assert.deepEqual((await vols.prune()).VolumesDeleted, [anon]);
  assert.ok((await vols.list()).Volumes.some((v) => v.Name === 'held'));
  await vols.create({ Name: 'labelled', Labels: { 'com.docker.compose.project': 'p' } });
  assert.deepEqual((await vols.list({ label: ['com.docker.compose.project=p'] })).Volumes.map((v) => v.Name), ['labelled']);
  const pruned = (await vols.prune({ all: ['true'] })).VolumesDeleted.sort();
  assert.deepEqual(pruned, ['appdata', 'bare', 'held', 'labelled']);
  await assert.rejects(vols.inspect('held'), /no such volume/);
});

test('binds (ro, create_host_path, propagation, z/Z) and tmpfs (size, mode) resolve to mounts the kernel takes', async () => {
  const host = join(root, 'host-dir', 'made');
  const c = cid();
  const r = await cm.resolve(c, {
    binds: [`${host}:/srv:ro,Z`],
    mounts: [{ Type: 'bind', Source: root, Target: '/srv/deep', BindOptions: { Propagation: 'rslave' } }],
    tmpfs: { '/run': 'size=1m,mode=1770' },
  });
  assert.ok((await stat(host)).isDirectory(), 'bind source created');
  assert.deepEqual(r.mounts.map((m) => m.destination), ['/srv', '/run', '/srv/deep']);
  assert.deepEqual(r.mounts[0].options, ['rbind', 'ro', 'rprivate']);
  assert.deepEqual(r.mounts[2].options, ['rbind', 'rw', 'rslave']);
  assert.deepEqual(r.mounts[1], { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'noexec', 'rw', 'size=1m', 'mode=1770'] });
  const out = await inMountNs(r.mounts.filter((m) => m.destination === '/run'), 'stat -c %a run && df -k run | tail -1');
  assert.match(out, /^1770\n/);
  assert.match(out, /\s1024\s/);
  await assert.rejects(cm.resolve(cid(), { mounts: [{ Type: 'bind', Source: join(root, 'absent'), Target: '/x' }] }), /does not exist/);
  await assert.rejects(cm.resolve(cid(), { binds: ['vv:/a', 'ww:/a'] }), /Duplicate mount point/);
  await cm.release(c);
});

test('volumes_from shares volumes and binds, with a forced mode', async () => {
  const src = cid();
  await cm.resolve(src, { binds: ['shared:/shared', `${root}:/hostroot`], tmpfs: { '/tmp': '' } });
  const dst = cid();
  const r = await cm.resolve(dst, { volumesFrom: [`${src}:ro`] });
  assert.deepEqual(r.mounts.map((m) => [m.destination, m.options[1]]), [['/shared', 'ro'], ['/hostroot', 'ro']]);
  assert.equal((await vols.inspect('shared')).UsageData?.RefCount, 2);
  await cm.release(src);
  await cm.release(dst);
  assert.equal((await vols.inspect('shared')).UsageData?.RefCount, 0);
});

test('a local volume with driver options is mounted on first use and unmounted after the last', async () => {
  await vols.create({ Name: 'ram', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=2m' } });
  const [a, b] = [cid(), cid()];
  await cm.resolve(a, { binds: ['ram:/ram'] });
  await cm.resolve(b, { binds: ['ram:/ram'] });
  const mounted = async () => (await readFile('/proc/mounts', 'utf8')).split('\n').filter((l) => l.includes(vols.dataDir('ram')));
  assert.equal((await mounted()).length, 1);
  assert.match((await mounted())[0], /^tmpfs .* tmpfs .*size=2048k/);
  await cm.release(a);
  assert.equal((await mounted()).length, 1);
  await cm.release(b);
  assert.deepEqual(await mounted(), []);
  await vols.remove('ram');
  assert.deepEqual((await readFile('/proc/mounts', 'utf8')).split('\n').filter((l) => l.includes(root)), []);
});

test('concurrent users of one volume: one driver mount, an exact refcount, unmounted after the last', async () => {
  await vols.create({ Name: 'busy', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
  const users = Array.from({ length: 8 }, () => cid());
  await Promise.all(users.map((u) => vols.acquire('busy', u)));
  const mounted = async () => (await readFile('/proc/mounts', 'utf8')).split('\n').filter((l) => l.includes(vols.dataDir('busy'))).length;
  assert.equal(await mounted(), 1);
  assert.equal((await vols.inspect('busy')).UsageData?.RefCount, 8);
  await Promise.all(users.map((u) => vols.release('busy', u)));
  assert.equal(await mounted(), 0);
  await vols.remove('busy');
});

test('copy-up resolves the target inside the image: /var/run -> /run copies the image\'s /run', async () => {
  await mkdir(join(rootfs, 'run', 'svc'), { recursive: true });
  await writeFile(join(rootfs, 'run', 'svc', 'pid'), '42\n');
  await mkdir(join(rootfs, 'var'), { recursive: true });
  await symlink('/run', join(rootfs, 'var', 'run'));
  const c = cid();
  await cm.resolve(c, { binds: ['runvol:/var/run'], rootfs });
  assert.equal(await readFile(join(vols.dataDir('runvol'), 'svc', 'pid'), 'utf8'), '42\n');
  await cm.release(c);
});

test('copy-up of an empty image directory gives the volume its owner and mode, as Docker does', async () => {
  await mkdir(join(rootfs, 'var', 'lib', 'pgdata'), { recursive: true });
  await chown(join(rootfs, 'var', 'lib', 'pgdata'), 70, 71);
  await chmod(join(rootfs, 'var', 'lib', 'pgdata'), 0o700);
  const c = cid();
  await cm.resolve(c, { binds: ['pg:/var/lib/pgdata'], rootfs });
  const st = await stat(vols.dataDir('pg'));
  assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [70, 71, 0o700]);
  assert.deepEqual(await readdir(vols.dataDir('pg')), []);
  await cm.release(c);
});

test('copy-up never reads the host: a link to a host directory names a path inside the rootfs', async () => {
  const host = await mkdtemp(join(tmpdir(), 'berth-canary-'));
  try {
    await writeFile(join(host, 'secret'), 'host secret\n');
    await symlink(host, join(rootfs, 'leak'));
    await mkdir(join(rootfs, 'up'), { recursive: true });
    await symlink('../../../../../../..' + host, join(rootfs, 'up', 'climb'));
    const c = cid();
    await cm.resolve(c, { binds: ['leak1:/leak', 'leak2:/up/climb'], rootfs });
    assert.deepEqual(await readdir(vols.dataDir('leak1')), [], 'absolute link: nothing copied from the host');
    assert.deepEqual(await readdir(vols.dataDir('leak2')), [], '.. link: nothing copied from the host');
    await cm.release(c);
  } finally {
    await rm(host, { recursive: true, force: true });
  }
});
