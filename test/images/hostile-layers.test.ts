// Layers are hostile input. Each case below is a tarball a malicious image could carry; each
// must be refused with INVALID_ARGUMENT naming the entry, and nothing may change outside the
// target: a sandbox holds `target/` next to `outside/` (with a sentinel file), and a snapshot of
// everything except `target/` is compared before and after, in both whiteout modes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, mkdir, writeFile, readdir, lstat, readFile, readlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createSyscalls } from '../../runtime/mount/syscalls';
import { applyLayer } from '../../runtime/unpack';
import { tarBuffer, type TarEntry } from '../fixtures/tar';

const sys = createSyscalls();
const roots: string[] = [];
after(async () => { for (const r of roots) await rm(r, { recursive: true, force: true }); });

interface Sandbox { dir: string; target: string; outside: string }

async function sandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-hostile-'));
  roots.push(dir);
  const target = join(dir, 'target');
  const outside = join(dir, 'outside');
  await mkdir(target);
  await mkdir(join(outside, 'sub'), { recursive: true });
  await writeFile(join(outside, 'sentinel'), 'untouched');
  await writeFile(join(outside, 'sub', 'deep'), 'untouched');
  return { dir, target, outside };
}

/** path → type, mode, size, mtime and content of every entry outside target/. */
async function snapshot(dir: string, skip: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(p: string): Promise<void> {
    for (const n of (await readdir(p)).sort()) {
      const full = join(p, n);
      if (full === skip) continue;
      const st = await lstat(full);
      const body = st.isFile() ? await readFile(full, 'utf8') : '';
      out.set(full, `${st.mode}:${st.size}:${st.mtimeMs}:${st.nlink}:${body}`);
      if (st.isDirectory()) await walk(full);
    }
  }
  await walk(dir);
  return out;
}

type Case = { kind: string; entries: (s: Sandbox) => TarEntry[]; reason: RegExp; absent?: (s: Sandbox) => string };

const CASES: Case[] = [
  { kind: 'dot-dot entry', entries: () => [{ name: '../outside/pwned', content: 'x' }], reason: /contains "\.\."/ },
  { kind: 'dot-dot in the middle', entries: () => [{ name: 'a/b/../../../outside/pwned', content: 'x' }], reason: /contains "\.\."/ },
  { kind: 'absolute path', entries: (s) => [{ name: join(s.outside, 'pwned'), content: 'x' }], reason: /absolute path/ },
  { kind: 'write through a relative symlink climbing out', entries: () => [{ name: 'esc', type: 'symlink', linkname: '../outside' }, { name: 'esc/pwned', content: 'x' }], reason: /is a symlink/ },
  { kind: 'hard link through a deep relative symlink climbing out', entries: () => [{ name: 'a/b/esc', type: 'symlink', linkname: '../../../../outside' }, { name: 'h', type: 'link', linkname: 'a/b/esc/sentinel' }], reason: /is a symlink/ },
  { kind: 'write through an absolute symlink', entries: (s) => [{ name: 'ln', type: 'symlink', linkname: s.outside }, { name: 'ln/pwned', content: 'x' }], reason: /is a symlink/ },
  { kind: 'write through a nested symlinked parent', entries: (s) => [{ name: 'a/', type: 'directory' }, { name: 'a/ln', type: 'symlink', linkname: s.outside }, { name: 'a/ln/sub/pwned', content: 'x' }], reason: /is a symlink/ },
  { kind: 'directory replaced by a symlink, then written into', entries: (s) => [{ name: 'd/', type: 'directory' }, { name: 'd', type: 'symlink', linkname: s.outside }, { name: 'd/pwned', content: 'x' }], reason: /is a symlink/ },
  { kind: 'symlink loop as parent', entries: () => [{ name: 'loop', type: 'symlink', linkname: 'loop' }, { name: 'loop/pwned', content: 'x' }], reason: /is a symlink/ },
  { kind: 'hard link with dot-dot', entries: () => [{ name: 'h', type: 'link', linkname: '../outside/sentinel' }], reason: /hard link target/ },
  { kind: 'hard link to an absolute path', entries: (s) => [{ name: 'h', type: 'link', linkname: join(s.outside, 'sentinel') }], reason: /hard link target/ },
  { kind: 'hard link through a symlink', entries: (s) => [{ name: 'ln', type: 'symlink', linkname: s.outside }, { name: 'h', type: 'link', linkname: 'ln/sentinel' }], reason: /is a symlink/ },
  { kind: 'whiteout through a symlink (would delete outside)', entries: (s) => [{ name: 'ln', type: 'symlink', linkname: s.outside }, { name: 'ln/.wh.sentinel' }], reason: /is a symlink/ },
  { kind: 'opaque marker through a symlink (would empty outside)', entries: (s) => [{ name: 'ln', type: 'symlink', linkname: s.outside }, { name: 'ln/.wh..wh..opq' }], reason: /is a symlink/ },
  { kind: 'whiteout of ".."', entries: () => [{ name: 'a/.wh...' }], reason: /whiteout of an invalid name/ },
  { kind: 'path component over NAME_MAX', entries: () => [{ name: 'x'.repeat(300), content: 'x' }], reason: /longer than 255/ },
  { kind: 'path over PATH_MAX', entries: () => [{ name: Array.from({ length: 50 }, () => 'y'.repeat(100)).join('/'), content: 'x' }], reason: /longer than 4095/ },
  { kind: 'overlay-private xattr (redirect)', entries: () => [{ name: 'f', content: 'x', pax: { 'SCHILY.xattr.trusted.overlay.redirect': '/etc' } }], reason: /overlay-private xattr/ },
];

for (const mode of ['overlay', 'delete'] as const) {
  for (const c of CASES) {
    test(`${mode}: refuses ${c.kind}`, async () => {
      const s = await sandbox();
      const before = await snapshot(s.dir, s.target);
      const tarball = await tarBuffer(c.entries(s));
      await assert.rejects(applyLayer(Readable.from([tarball]), s.target, { sys, whiteouts: mode }), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'INVALID_ARGUMENT');
        assert.match(err.message, /^unsafe layer entry "/);
        assert.match(err.message, c.reason);
        return true;
      });
      assert.deepEqual(await snapshot(s.dir, s.target), before);
      assert.equal(existsSync(join(s.outside, 'pwned')), false);
    });
  }
}

test('relative symlinks climbing above the layer root are kept as written (Docker accepts them), never followed', async () => {
  const s = await sandbox();
  const before = await snapshot(s.dir, s.target);
  const tarball = await tarBuffer([
    { name: 'esc', type: 'symlink', linkname: '../outside' },
    { name: 'a/b/esc', type: 'symlink', linkname: '../../../../outside/sentinel' },
    // a later regular file of the same name replaces the link, it does not write through it
    { name: 'esc', content: 'replaced' },
  ]);
  await applyLayer(Readable.from([tarball]), s.target, { sys, whiteouts: 'overlay' });
  assert.equal(await readlink(join(s.target, 'a/b/esc')), '../../../../outside/sentinel');
  assert.equal(await readFile(join(s.target, 'esc'), 'utf8'), 'replaced');
  assert.deepEqual(await snapshot(s.dir, s.target), before);
});

test('duplicate entry over a symlink replaces the link instead of writing through it', async () => {
  const s = await sandbox();
  const before = await snapshot(s.dir, s.target);
  const tarball = await tarBuffer([
    { name: 'f', type: 'symlink', linkname: join(s.outside, 'sentinel') },
    { name: 'h', type: 'link', linkname: 'f' },
    { name: 'f', content: 'overwritten' },
    { name: 'h', content: 'overwritten too' },
  ]);
  await applyLayer(Readable.from([tarball]), s.target, { sys, whiteouts: 'overlay' });
  assert.deepEqual(await snapshot(s.dir, s.target), before);
  assert.equal(await readFile(join(s.target, 'f'), 'utf8'), 'overwritten');
  assert.ok((await lstat(join(s.target, 'h'))).isFile());
});

test('a truncated tarball is an error, not a partial success', async () => {
  const s = await sandbox();
  const tarball = await tarBuffer([{ name: 'big', content: Buffer.alloc(100_000, 1) }]);
  await assert.rejects(applyLayer(Readable.from([tarball.subarray(0, 20_000)]), s.target, { sys, whiteouts: 'overlay' }), { code: 'INVALID_ARGUMENT' });
});

test('a gzip bomb stops at the size limit with little written', async () => {
  const s = await sandbox();
  const bomb = gzipSync(await tarBuffer([{ name: 'zeros', content: Buffer.alloc(64 << 20) }]));
  assert.ok(bomb.length < 200_000);
  await assert.rejects(applyLayer(Readable.from([bomb]), s.target, { sys, whiteouts: 'overlay', maxBytes: 1 << 20 }), { code: 'INVALID_ARGUMENT', message: /1048576-byte limit/ });
  const st = await lstat(join(s.target, 'zeros')).catch(() => undefined);
  assert.ok(!st || st.size <= 1 << 20);
});
