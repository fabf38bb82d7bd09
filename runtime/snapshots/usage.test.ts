import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, mkdir, writeFile, link, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskUsage, diskUsageSync } from './usage';

const roots: string[] = [];
after(async () => { for (const r of roots) await rm(r, { recursive: true, force: true }); });

test('usage counts apparent sizes like Docker: no directories, hard links once', async () => {
  const d = await mkdtemp(join(tmpdir(), 'berth-usage-'));
  roots.push(d);
  await mkdir(join(d, 'sub/deeper'), { recursive: true });
  await writeFile(join(d, 'sub/a'), Buffer.alloc(1000));
  await link(join(d, 'sub/a'), join(d, 'hard'));
  await symlink('sub/a', join(d, 'ln'));
  await writeFile(join(d, 'sub/deeper/b'), 'xyz');
  assert.deepEqual(await diskUsage(d), { size: 1000 + 'sub/a'.length + 3, inodes: 6 });
  assert.deepEqual(diskUsageSync(d), await diskUsage(d));
});
