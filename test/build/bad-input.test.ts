// Bad input fails the build clearly and leaves nothing behind: a syntax error or unknown
// instruction names file:line:col, a missing FROM, an unknown base image, a RUN that fails (its
// exit code and last output lines), a COPY of an absent path, of `..`, or through a symlink that
// points outside the context. After each: no image, no build snapshot, mount or scratch
// directory, and the engine still answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildEngine } from './helpers';
import { buildError, buildDir } from './build-client';

let e: BuildEngine;
before(async () => { e = await BuildEngine.start('berth-build-bad-'); });
after(async () => { await e?.close(); });

async function leftovers(): Promise<string[]> {
  const snaps = (await readdir(join(e.t.root, 'snapshots', 'metadata')).catch(() => [] as string[])).filter((k) => k.includes('build-'));
  const scratch = await readdir(join(e.t.root, 'build', 'scratch')).catch(() => [] as string[]);
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((l) => l.includes(join(e.t.root, 'build')));
  return [...snaps, ...scratch, ...mounts];
}

async function fails(name: string, files: Record<string, string>, expected: RegExp): Promise<void> {
  const imagesBefore = (await e.docker(['images', '-q', '-a'])).stdout;
  const dir = await e.context(name, files);
  const msg = await buildError(e.t.socketPath, dir, { tags: [`bad-${name}`] });
  assert.match(msg, expected);
  assert.deepEqual(await leftovers(), []);
  assert.equal((await e.docker(['images', '-q', '-a'])).stdout, imagesBefore);
  assert.equal((await e.docker(['version', '--format', '{{.Server.Version}}'])).code, 0);
}

test('syntax: unknown instruction, missing FROM, unknown flag name file:line:col', async () => {
  await fails('unknown', { Dockerfile: 'FROM busybox\nRUN true\nFROBNICATE now\n' }, /Dockerfile:3:1: unknown instruction: FROBNICATE/);
  await fails('nofrom', { Dockerfile: '# just a comment\n' }, /Dockerfile:1:1: the Dockerfile has no FROM instruction/);
  await fails('flag', { Dockerfile: 'FROM busybox\nCOPY --bogus=1 a /a\n' }, /Dockerfile:2:1: unknown flag: --bogus/);
  await fails('nobase', { Dockerfile: 'FROM nosuch/image:1\n' }, /Dockerfile:1:1: FROM nosuch\/image:1: image not found/);
});

test('a failing RUN reports its exit code and last output lines', async () => {
  await fails('runfail', { Dockerfile: 'FROM busybox\nRUN echo about to fail && echo on-stderr >&2 && exit 3\n' },
    /The command '\/bin\/sh -c echo about to fail .*' returned a non-zero code: 3\nabout to fail\non-stderr/);
});

test('COPY of an absent path, of .., or through a symlink out of the context fails', async () => {
  await fails('absent', { Dockerfile: 'FROM busybox\nCOPY nothere.txt /x\n' }, /Dockerfile:2:1: COPY failed: file not found in build context or excluded by \.dockerignore: stat nothere\.txt/);
  await fails('dotdot', { Dockerfile: 'FROM busybox\nCOPY ../../etc/passwd /x\n' }, /Dockerfile:2:1: forbidden path outside the build context: \.\.\/\.\.\/etc\/passwd/);
  const dir = await e.context('link', { Dockerfile: 'FROM busybox\nCOPY escape/passwd /x\n' });
  await symlink('/etc', join(dir, 'escape'));
  const msg = await buildError(e.t.socketPath, dir, {});
  assert.match(msg, /forbidden path outside the build context: escape\/passwd \(a symlink to \/etc\)/);
  assert.deepEqual(await leftovers(), []);
});

test('a symlink inside a copied directory is copied as a link, never followed', async () => {
  const dir = await e.context('inner-link', { Dockerfile: 'FROM busybox\nCOPY tree /tree\nRUN readlink /tree/host-passwd && test ! -s /tree/host-passwd\n', 'tree/a.txt': 'a' });
  await symlink('/nonexistent-on-purpose/passwd', join(dir, 'tree', 'host-passwd'));
  const r = await buildDir(e.t.socketPath, dir, { tags: ['inner-link:1'] });
  assert.match(r.output, /^\/nonexistent-on-purpose\/passwd$/m);
});
