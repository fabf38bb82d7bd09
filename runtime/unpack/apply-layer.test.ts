import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, lstat, readlink, readdir, mkdir, writeFile } from 'node:fs/promises';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createSyscalls } from '../mount/syscalls';
import { applyLayer, detectCompression } from './index';
import { tarBuffer, sha256, FIXED_MTIME, type TarEntry } from '../../test/fixtures/tar';
import { makeBusyboxLayerTar } from '../../test/fixtures/busybox-image';

const sys = createSyscalls();
const roots: string[] = [];
after(async () => { for (const r of roots) await rm(r, { recursive: true, force: true }); });
async function tmp(): Promise<string> { const d = await mkdtemp(join(tmpdir(), 'berth-unpack-')); roots.push(d); return d; }

async function apply(entries: TarEntry[], root: string, whiteouts: 'overlay' | 'delete' = 'overlay', gzip = false) {
  const raw = await tarBuffer(entries);
  return { res: await applyLayer(Readable.from([gzip ? gzipSync(raw) : raw]), root, { sys, whiteouts }), raw };
}

test('busybox layer (gzip and plain) unpacks to a runnable tree with the right diff id', async () => {
  const d = await tmp();
  for (const gzip of [false, true]) {
    const tarPath = join(d, `bb${gzip}.tar`);
    const diffId = await makeBusyboxLayerTar(tarPath, { gzip });
    assert.equal(detectCompression(await readFile(tarPath)), gzip ? 'gzip' : 'none');
    const root = join(d, `root${gzip}`);
    await mkdir(root);
    const res = await applyLayer(createReadStream(tarPath), root, { sys, whiteouts: 'overlay' });
    assert.equal(res.diffId, diffId);
    assert.ok(res.entries > 100);
    assert.equal(await readlink(join(root, 'bin/sh')), 'busybox');
    assert.equal((await lstat(join(root, 'tmp'))).mode & 0o7777, 0o1777);
    assert.equal(execFileSync('chroot', [root, '/bin/sh', '-c', 'echo ok'], { encoding: 'utf8' }), 'ok\n');
  }
});

test('ownership, modes incl. setuid, mtimes, devices, fifos, xattrs and hard links are preserved', async () => {
  const root = await tmp();
  const mtime = new Date('2020-02-02T02:02:02Z');
  const { res, raw } = await apply([
    { name: 'd/', type: 'directory', mode: 0o750, uid: 1000, gid: 1001, mtime },
    { name: 'd/suid', content: 'x', mode: 0o4755, uid: 1000, gid: 1000, mtime },
    { name: 'd/hard', type: 'link', linkname: 'd/suid' },
    { name: 'd/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
    { name: 'd/blk', type: 'block-device', devmajor: 7, devminor: 0, mode: 0o660 },
    { name: 'd/fifo', type: 'fifo', mode: 0o600 },
    { name: 'd/x', content: 'attr', pax: { 'SCHILY.xattr.user.berth': 'hello' } },
    { name: 'd/ln', type: 'symlink', linkname: '../d/x', uid: 5, gid: 6, mtime },
    { name: 'implied/parent/file', content: 'p' },
    // The kernel refuses user.* xattrs on symlinks: skipped, not fatal.
    { name: 'd/ln2', type: 'symlink', linkname: 'x', pax: { 'SCHILY.xattr.user.k': 'v' } },
  ], root);
  assert.equal(res.diffId, sha256(raw));
  assert.equal(res.size, raw.length);
  const dir = await lstat(join(root, 'd'));
  assert.deepEqual([dir.mode & 0o7777, dir.uid, dir.gid, dir.mtime.getTime()], [0o750, 1000, 1001, mtime.getTime()]);
  const suid = await lstat(join(root, 'd/suid'));
  assert.deepEqual([suid.mode & 0o7777, suid.uid, suid.mtime.getTime()], [0o4755, 1000, mtime.getTime()]);
  const hard = await lstat(join(root, 'd/hard'));
  assert.equal(hard.ino, suid.ino);
  assert.equal(hard.nlink, 2);
  const nul = await lstat(join(root, 'd/null'));
  assert.ok(nul.isCharacterDevice());
  assert.equal(nul.rdev, 0x103);
  assert.ok((await lstat(join(root, 'd/blk'))).isBlockDevice());
  assert.ok((await lstat(join(root, 'd/fifo'))).isFIFO());
  assert.equal(sys.lgetxattr(join(root, 'd/x'), 'user.berth')?.toString(), 'hello');
  const ln = await lstat(join(root, 'd/ln'));
  assert.deepEqual([ln.isSymbolicLink(), ln.uid, ln.gid, ln.mtime.getTime()], [true, 5, 6, mtime.getTime()]);
  assert.equal((await lstat(join(root, 'implied/parent'))).mode & 0o777, 0o755);
  assert.equal((await lstat(join(root, 'implied/parent/file'))).mtime.getTime(), FIXED_MTIME.getTime());
});

test('overlay mode: .wh.name becomes a 0:0 char device, .wh..wh..opq an opaque xattr', async () => {
  const root = await tmp();
  await apply([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/.wh.passwd' },
    { name: 'var/.wh..wh..opq' },
    { name: 'var/new', content: 'n' },
    { name: 'etc/.wh..wh.plnk', content: 'aufs' },
  ], root);
  const wh = await lstat(join(root, 'etc/passwd'));
  assert.ok(wh.isCharacterDevice());
  assert.equal(wh.rdev, 0);
  assert.equal(sys.lgetxattr(join(root, 'var'), 'trusted.overlay.opaque')?.toString(), 'y');
  assert.deepEqual(await readdir(join(root, 'etc')), ['passwd']);
});

test('delete mode: whiteouts delete from the copied tree, opaque keeps only this layer', async () => {
  const root = await tmp();
  await mkdir(join(root, 'etc'));
  await writeFile(join(root, 'etc/passwd'), 'old');
  await writeFile(join(root, 'etc/group'), 'old');
  await mkdir(join(root, 'var/lib'), { recursive: true });
  await writeFile(join(root, 'var/old'), 'old');
  await apply([
    { name: 'etc/.wh.passwd' },
    { name: 'var/mine', content: 'm' },
    { name: 'var/.wh..wh..opq' },
    { name: 'var/later', content: 'l' },
    { name: 'gone/.wh.x' },
  ], root, 'delete', true);
  assert.deepEqual(await readdir(join(root, 'etc')), ['group']);
  assert.deepEqual((await readdir(join(root, 'var'))).sort(), ['later', 'mine']);
  await assert.rejects(lstat(join(root, 'gone')), { code: 'ENOENT' });
});

test('a later entry replaces a file, a dir with a file, and merges directories', async () => {
  const root = await tmp();
  await apply([
    { name: 'a', content: 'one' },
    { name: 'a', content: 'two' },
    { name: 'd/', type: 'directory', mode: 0o700 },
    { name: 'd/keep', content: 'k' },
    { name: 'd/', type: 'directory', mode: 0o755 },
    { name: 'e/', type: 'directory' },
    { name: 'e/x', content: 'x' },
    { name: 'e', content: 'now a file' },
  ], root);
  assert.equal(await readFile(join(root, 'a'), 'utf8'), 'two');
  assert.deepEqual(await readdir(join(root, 'd')), ['keep']);
  assert.equal((await lstat(join(root, 'd'))).mode & 0o777, 0o755);
  assert.equal(await readFile(join(root, 'e'), 'utf8'), 'now a file');
});

test('binary xattrs (file capabilities) survive, read from raw PAX records as GNU tar writes them', async () => {
  const d = await tmp();
  const src = join(d, 'src');
  await mkdir(src);
  await writeFile(join(src, 'ping'), 'x');
  await writeFile(join(src, 'other'), 'y');
  // vfs_cap_data v2: effective, permitted = CAP_NET_RAW (13). Binary, with NUL and high bytes.
  const cap = Buffer.alloc(20);
  cap.writeUInt32LE(0x02000001, 0);
  cap.writeUInt32LE(1 << 13, 4);
  sys.lsetxattr(join(src, 'ping'), 'security.capability', cap);
  const bin = Buffer.from([0x00, 0xff, 0x80, 0xc3, 0x28, 0x0a]);
  sys.lsetxattr(join(src, 'other'), 'user.bin', bin);
  execFileSync('tar', ['--xattrs', '--xattrs-include=*', '--format=posix', '-cf', join(d, 'caps.tar'), '-C', src, 'ping', 'other']);
  const root = join(d, 'root');
  await mkdir(root);
  await applyLayer(createReadStream(join(d, 'caps.tar')), root, { sys, whiteouts: 'overlay' });
  assert.deepEqual(sys.lgetxattr(join(root, 'ping'), 'security.capability'), cap);
  assert.deepEqual(sys.lgetxattr(join(root, 'other'), 'user.bin'), bin);
  if (existsSync('/usr/sbin/getcap')) assert.match(execFileSync('getcap', [join(root, 'ping')], { encoding: 'utf8' }), /cap_net_raw[=+]ep/);
});

test('zstd layers unpack through the zstd binary; corrupt ones fail cleanly', async () => {
  const d = await tmp();
  await makeBusyboxLayerTar(join(d, 'l.tar'));
  execFileSync('zstd', ['-q', '-f', join(d, 'l.tar'), '-o', join(d, 'l.tar.zst')]);
  const zst = await readFile(join(d, 'l.tar.zst'));
  assert.equal(detectCompression(zst), 'zstd');
  const root = join(d, 'root');
  await mkdir(root);
  const res = await applyLayer(createReadStream(join(d, 'l.tar.zst')), root, { sys, whiteouts: 'overlay' });
  assert.equal(res.diffId, sha256(await readFile(join(d, 'l.tar'))));
  assert.equal(await readlink(join(root, 'bin/sh')), 'busybox');
  const broken = Buffer.concat([zst.subarray(0, 4), Buffer.alloc(5000, 7)]);
  await mkdir(join(d, 'r2'));
  await assert.rejects(applyLayer(Readable.from([broken]), join(d, 'r2'), { sys, whiteouts: 'overlay' }), { code: 'INVALID_ARGUMENT' });
  // Refused on its first entry with megabytes still to come: our zstd child must not linger.
  await writeFile(join(d, 'h.tar'), await tarBuffer([{ name: '../evil', content: 'x' }, { name: 'big', content: Buffer.alloc(4 << 20, 1) }]));
  execFileSync('zstd', ['-q', '-f', join(d, 'h.tar'), '-o', join(d, 'h.tar.zst')]);
  await mkdir(join(d, 'r3'));
  await assert.rejects(applyLayer(createReadStream(join(d, 'h.tar.zst')), join(d, 'r3'), { sys, whiteouts: 'overlay' }), { message: /contains "\.\."/ });
  const zstdChildren = (): string[] => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return stat.includes('(zstd)') && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
    } catch { return false; }
  });
  for (let i = 0; i < 50 && zstdChildren().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(zstdChildren(), []);
});
