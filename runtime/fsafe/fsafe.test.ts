// runtime/fsafe on a real directory tree: every path resolves inside the root however it is
// spelt (absolute links, "..", links in the middle), /proc magic links are refused, and the
// entry operations never act on what a link at the entry points to. A canary directory beside
// the root must come out of each case untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, symlink, rm, readFile, lstat, readlink, readdir, chmod } from 'node:fs/promises';
import { closeSync, fstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createFsafeSyscalls, SafeRoot, setMetadataAt, removeAt, writeFileAt, statAt, O_PATH } from './index';

const sys = createFsafeSyscalls();
let dir = '';
let root = '';
let canary = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-fsafe-'));
  root = join(dir, 'root');
  canary = join(dir, 'canary');
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(join(root, 'etc', 'passwd'), 'inside\n');
  await mkdir(canary);
  await writeFile(join(canary, 'passwd'), 'host\n', { mode: 0o600 });
  await chmod(canary, 0o700);
  await symlink(canary, join(root, 'abs'));
  await symlink('/etc', join(root, 'etclink'));
  await symlink('../../../../..' + canary, join(root, 'climb'));
  await symlink('/proc/self/root', join(root, 'magic'));
  await symlink(join(canary, 'passwd'), join(root, 'etc', 'hostfile'));
});
after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

async function canaryState(): Promise<string> {
  const d = await lstat(canary);
  const f = await lstat(join(canary, 'passwd'));
  return JSON.stringify([d.mode, d.ctimeMs, f.mode, f.ctimeMs, f.uid, await readFile(join(canary, 'passwd'), 'utf8'), await readdir(canary)]);
}

function withRoot<T>(fn: (r: SafeRoot) => T): T {
  const r = SafeRoot.open(sys, root);
  try {
    return fn(r);
  } finally {
    r.close();
  }
}

test('paths resolve inside the root: absolute links, ".." and links in the middle', () => {
  withRoot((r) => {
    assert.equal(r.readFile('/etclink/passwd')?.toString(), 'inside\n');
    assert.equal(r.readFile('/../../etc/passwd')?.toString(), 'inside\n');
    assert.equal(r.readFile('/abs/passwd'), undefined, 'a link to the host canary names root/<canary path>, absent');
    assert.equal(r.readFile('/climb/passwd'), undefined);
    assert.equal(r.readFile('/etc/hostfile'), undefined);
    // Here the link names root/proc/self/root, absent (no /proc inside a plain directory); in a
    // running container's /proc/<pid>/root, RESOLVE_NO_MAGICLINKS refuses it with ELOOP.
    assert.throws(() => r.open('/magic/etc/passwd', O_PATH), (e: Error & { code?: string }) => ['ENOENT', 'ELOOP', 'EXDEV'].includes(e.code ?? ''));
  });
});

test('mkdirAll through an in-root link creates inside the root, through a dangling one refuses', async () => {
  const before = await canaryState();
  withRoot((r) => {
    closeSync(r.mkdirAll('/etclink/new/deeper'));
    assert.ok(r.lstat('/etclink')?.isSymbolicLink(), 'lstat does not follow the last part');
    assert.throws(() => r.mkdirAll('/abs/new'), (e: Error & { code?: string }) => e.code === 'ELOOP');
  });
  assert.ok((await lstat(join(root, 'etc', 'new', 'deeper'))).isDirectory());
  assert.equal(await canaryState(), before);
});

test('entry operations act on the link, never on its target', async () => {
  const before = await canaryState();
  withRoot((r) => {
    const fd = r.open('/', O_PATH);
    try {
      setMetadataAt(sys, { dir: fd, name: 'abs' }, { mode: 0o777, uid: 1, gid: 1, mtime: new Date(0) });
      assert.equal(fstatSync(fd).isDirectory(), true);
      assert.ok(statAt(sys, { dir: fd, name: 'abs' })?.isSymbolicLink());
    } finally {
      closeSync(fd);
    }
  });
  assert.equal(await canaryState(), before, 'metadata of a link leaves its target alone');
  assert.equal((await lstat(join(root, 'abs'))).uid, 1, 'the link itself was chowned');
  await assert.rejects(withRoot(async (r) => {
    const fd = r.open('/etc', O_PATH);
    try {
      await writeFileAt(sys, { dir: fd, name: 'hostfile' }, Readable.from([Buffer.from('pwned')]));
    } finally {
      closeSync(fd);
    }
  }), (e: Error & { code?: string }) => e.code === 'EEXIST', 'O_EXCL: never opens a planted link');
  withRoot((r) => {
    const fd = r.open('/', O_PATH);
    try {
      removeAt(sys, { dir: fd, name: 'abs' });
    } finally {
      closeSync(fd);
    }
  });
  assert.equal(await canaryState(), before, 'removing a link to a directory removes the link only');
  await assert.rejects(readlink(join(root, 'abs')));
});
