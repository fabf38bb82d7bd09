import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyscalls, mountAll, mountAllAsync, unmountAll, unmountAllAsync, mountsUnder, parseMountOptions, compactOverlayData, makedev, S_IFCHR, MS } from './index';

const sys = createSyscalls();
const roots: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'berth-mount-'));
  roots.push(d);
  return d;
}
after(async () => {
  for (const r of roots) {
    for (const m of mountsUnder(r).reverse()) unmountAll(sys, m.mountPoint);
    await rm(r, { recursive: true, force: true });
  }
});

test('parseMountOptions splits flags, propagation and data', () => {
  const p = parseMountOptions(['rbind', 'ro', 'rprivate', 'lowerdir=/a', 'nosuid']);
  assert.equal(p.flags, MS.BIND | MS.REC | MS.RDONLY | MS.NOSUID);
  assert.equal(p.propagation, MS.PRIVATE | MS.REC);
  assert.deepEqual(p.data, ['lowerdir=/a']);
  assert.equal(parseMountOptions(['ro', 'rw']).flags, 0);
});

test('makedev matches glibc layout', () => {
  assert.equal(makedev(0, 0), 0);
  assert.equal(makedev(1, 3), 0x103);
  assert.equal(makedev(8, 0x1234), (0x34 | (8 << 8) | (0x12 << 20)));
});

test('overlay mount with whiteout and opaque dir, then unmount', async () => {
  const d = await tmp();
  const [lower, upper, work, merged] = ['lower', 'upper', 'work', 'merged'].map((n) => join(d, n));
  for (const p of [lower, upper, work, merged, join(lower, 'opq'), join(upper, 'opq')]) await mkdir(p, { recursive: true });
  await writeFile(join(lower, 'gone'), 'x');
  await writeFile(join(lower, 'kept'), 'k');
  await writeFile(join(lower, 'opq', 'hidden'), 'h');
  await writeFile(join(upper, 'opq', 'new'), 'n');
  sys.mknod(join(upper, 'gone'), S_IFCHR | 0o000, makedev(0, 0));
  sys.lsetxattr(join(upper, 'opq'), 'trusted.overlay.opaque', Buffer.from('y'));
  assert.equal(sys.lgetxattr(join(upper, 'opq'), 'trusted.overlay.opaque')?.toString(), 'y');
  assert.equal(sys.lgetxattr(join(upper, 'opq'), 'trusted.nothing'), undefined);
  assert.ok(sys.llistxattr(join(upper, 'opq')).includes('trusted.overlay.opaque'));

  mountAll(sys, [{ type: 'overlay', source: 'overlay', options: [`lowerdir=${lower}`, `upperdir=${upper}`, `workdir=${work}`] }], merged);
  try {
    assert.equal(mountsUnder(merged)[0]?.fstype, 'overlay');
    assert.deepEqual((await readdir(merged)).sort(), ['kept', 'opq']);
    assert.deepEqual(await readdir(join(merged, 'opq')), ['new']);
    await writeFile(join(merged, 'written'), 'w');
    assert.equal(await readFile(join(upper, 'written'), 'utf8'), 'w');
  } finally {
    unmountAll(sys, merged);
  }
  assert.equal(mountsUnder(merged).length, 0);
  assert.deepEqual(await readdir(merged), []);
});

test('read-only bind mount rejects writes', async () => {
  const d = await tmp();
  await mkdir(join(d, 'src'));
  await mkdir(join(d, 'dst'));
  await writeFile(join(d, 'src', 'f'), '1');
  mountAll(sys, [{ type: 'bind', source: join(d, 'src'), options: ['rbind', 'ro'] }], join(d, 'dst'));
  try {
    assert.equal(await readFile(join(d, 'dst', 'f'), 'utf8'), '1');
    await assert.rejects(writeFile(join(d, 'dst', 'g'), '2'), { code: 'EROFS' });
  } finally {
    unmountAll(sys, join(d, 'dst'));
  }
});

test('overlay with more lowerdirs than fit in one page mounts through a relative chdir', async () => {
  const d = await tmp();
  const base = join(d, 'snapshots-with-a-rather-long-directory-name-to-overflow-the-page');
  const lowers: string[] = [];
  for (let i = 0; i < 90; i++) {
    const l = join(base, String(i), 'fs');
    await mkdir(l, { recursive: true });
    await writeFile(join(l, `f${i}`), String(i));
    lowers.push(l);
  }
  const data = [`lowerdir=${lowers.join(':')}`];
  assert.ok(data[0].length > 4096);
  const c = compactOverlayData(data);
  assert.equal(c.chdir, base);
  assert.ok(c.data[0].length < 4096);
  const merged = join(d, 'merged');
  await mkdir(merged);
  const cwd = process.cwd();
  mountAll(sys, [{ type: 'overlay', source: 'overlay', options: ['ro', ...data] }], merged);
  try {
    assert.equal(process.cwd(), cwd);
    assert.equal((await readdir(merged)).length, 90);
    assert.equal(await readFile(join(merged, 'f89'), 'utf8'), '89');
  } finally {
    unmountAll(sys, merged);
  }
});

test('a failing mount is reported with the mount and leaves nothing mounted', async () => {
  const d = await tmp();
  await mkdir(join(d, 'a'));
  await mkdir(join(d, 'dst'));
  assert.throws(() => mountAll(sys, [
    { type: 'bind', source: join(d, 'a'), options: ['bind'] },
    { type: 'bind', source: join(d, 'missing'), target: 'sub', options: ['bind'] },
  ], join(d, 'dst')), (e: Error & { code?: string }) => e.code === 'FAILED_PRECONDITION' && /missing/.test(e.message));
  assert.equal(mountsUnder(join(d, 'dst')).length, 0);
  assert.ok((await stat(join(d, 'dst'))).isDirectory());
});

/** N small overlays under `d`, each written through (a dirty upper, as a container leaves it). */
async function overlays(d: string, n: number, tag: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const [l, u, w, m] = ['l', 'u', 'w', 'm'].map((x) => join(d, tag, String(i), x));
    for (const p of [l, u, w, m]) await mkdir(p, { recursive: true });
    mountAll(sys, [{ type: 'overlay', source: 'overlay', options: [`lowerdir=${l}`, `upperdir=${u}`, `workdir=${w}`] }], m);
    await writeFile(join(m, 'g'), 'y');
    out.push(m);
  }
  return out;
}

/** The longest time the loop went without a turn while `work` ran. */
async function longestGap(work: () => Promise<unknown>): Promise<number> {
  let maxGap = 0;
  let last = performance.now();
  let done = false;
  const tick = (): void => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  done = true;
  return Math.max(maxGap, performance.now() - last);
}

test('unmountAllAsync leaves the loop free while the kernel detaches (timer lag), and unmounts everything', async () => {
  const d = await tmp();
  const n = 30;
  const blocked: number[] = [];
  const gaps: number[] = [];
  // Interleaved rounds (the host is shared): a synchronous release of n rootfs, all in one turn
  // as n removals of a down would, then the same through the worker threads, timed by a ticker.
  // A synchronous implementation would show a gap as long as the whole batch in every round.
  for (let round = 0; round < 3; round++) {
    const syncTargets = await overlays(d, n, `sync${round}`);
    blocked.push(await longestGap(async () => { for (const t of syncTargets) unmountAll(sys, t); }));
    const targets = await overlays(d, n, `async${round}`);
    gaps.push(await longestGap(() => Promise.all(targets.map((t) => unmountAllAsync(sys, t)))));
    for (const t of [...syncTargets, ...targets]) assert.equal(mountsUnder(t).length, 0, t);
  }
  // Measured here: blocked 10-40 ms a batch, longest gap 2-6 ms (promise and koffi bookkeeping).
  assert.ok(Math.min(...gaps) < Math.min(...blocked) / 2, `longest loop gaps ${gaps.map((g) => g.toFixed(1))} ms vs ${blocked.map((b) => b.toFixed(1))} ms blocked in sync`);
  // Nothing mounted is not an error; a target that does not exist is not either.
  await unmountAllAsync(sys, join(d, 'sync0', '0', 'm'));
  await unmountAllAsync(sys, join(d, 'missing'));
});

test('mountAllAsync mounts an overlay and a read-only bind, and a failure leaves nothing mounted', async () => {
  const d = await tmp();
  const [lower, upper, work, merged, ro] = ['lower', 'upper', 'work', 'merged', 'ro'].map((n) => join(d, n));
  for (const p of [lower, upper, work, merged, ro]) await mkdir(p);
  await writeFile(join(lower, 'f'), 'lower');
  await mountAllAsync(sys, [{ type: 'overlay', source: 'overlay', options: [`lowerdir=${lower}`, `upperdir=${upper}`, `workdir=${work}`] }], merged);
  await mountAllAsync(sys, [{ type: 'bind', source: lower, options: ['rbind', 'ro'] }], ro);
  try {
    assert.equal(mountsUnder(merged)[0]?.fstype, 'overlay');
    assert.equal(await readFile(join(merged, 'f'), 'utf8'), 'lower');
    await writeFile(join(merged, 'g'), 'up');
    assert.equal(await readFile(join(upper, 'g'), 'utf8'), 'up');
    await assert.rejects(writeFile(join(ro, 'h'), 'x'), { code: 'EROFS' });
  } finally {
    await unmountAllAsync(sys, merged);
    await unmountAllAsync(sys, ro);
  }
  assert.equal(mountsUnder(d).length, 0);
  // The second mount fails (no such source): its errno is reported, the first is rolled back.
  await assert.rejects(mountAllAsync(sys, [
    { type: 'bind', source: lower, options: ['bind'] },
    { type: 'bind', source: join(d, 'missing'), target: 'sub', options: ['bind'] },
  ], merged), (e: Error & { code?: string }) => e.code === 'FAILED_PRECONDITION' && /missing.*ENOENT/.test(e.message));
  assert.equal(mountsUnder(merged).length, 0);
});
