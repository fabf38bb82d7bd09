// Real overlay (and native) rootfs: layers unpacked once per chain id into snapshots, a
// container snapshot on top mounted with mount(2), whiteouts and opaque dirs honoured, writes
// kept in the container's own layer. Mounts are removed in finally blocks.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, mkdir, readdir, readFile, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { createSyscalls, mountAll, unmountAll, mountsUnder } from '../../runtime/mount';
import { createSnapshotter, probeOverlay, type Snapshotter } from '../../runtime/snapshots';
import { unpackLayers, chainIds, EXTRACT_PREFIX, ParallelUnpack, ChainOwners, type LayerSource } from '../../runtime/unpack';
import { buildBusyboxImage, type BuiltImage } from '../fixtures/busybox-image';
import { tarBuffer, sha256 } from '../fixtures/tar';

const sys = createSyscalls();
const roots: string[] = [];
after(async () => {
  for (const r of roots) {
    for (const m of mountsUnder(r).reverse()) unmountAll(sys, m.mountPoint);
    await rm(r, { recursive: true, force: true });
  }
});
async function tmp(): Promise<string> { const d = await mkdtemp(join(tmpdir(), 'berth-snap-')); roots.push(d); return d; }

const sources = (img: BuiltImage): LayerSource[] => img.layers.map((l) => ({ diffId: l.diffId, open: async () => Readable.from([l.data]) }));

let imgPromise: Promise<BuiltImage> | undefined;
function image(): Promise<BuiltImage> {
  imgPromise ??= buildBusyboxImage({
    gzip: true,
    extraLayers: [
      [{ name: 'etc/', type: 'directory' }, { name: 'etc/.wh.group' }, { name: 'var/www/', type: 'directory' }, { name: 'var/www/old.html', content: 'old' }],
      [{ name: 'var/www/.wh..wh..opq' }, { name: 'var/www/index.html', content: 'hi' }, { name: 'app/', type: 'directory' }, { name: 'app/run.sh', content: '#!/bin/sh\necho from-layer-3\n', mode: 0o755 }],
    ],
  });
  return imgPromise;
}

test('overlay is available on this host (probe mounts and unmounts, and clears a crashed probe)', async () => {
  const d = await tmp();
  const stale = join(d, '.probe-crashed');
  for (const n of ['l', 'm']) await mkdir(join(stale, n), { recursive: true });
  mountAll(sys, [{ type: 'bind', source: join(stale, 'l'), options: ['bind'] }], join(stale, 'm'));
  const p = await probeOverlay(sys, d);
  assert.deepEqual(p, { overlay: true });
  assert.deepEqual(await readdir(d), []);
  assert.deepEqual(mountsUnder(d), []);
});

for (const prefer of ['overlayfs', 'native'] as const) {
  test(`${prefer}: layers unpack once per chain id and stack into a working container rootfs`, async () => {
    const d = await tmp();
    const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'state'), { prefer });
    assert.equal(sn.name, prefer);
    const img = await image();
    const first = await unpackLayers(sn, sys, sources(img));
    assert.deepEqual(first.chainIds, chainIds(img.layers.map((l) => l.diffId)));
    assert.deepEqual(first.unpacked, first.chainIds);
    assert.deepEqual((await unpackLayers(sn, sys, sources(img))).unpacked, []);
    const top = first.chainIds[2];
    assert.equal((await sn.stat(top)).parent, first.chainIds[1]);

    const rootA = join(d, 'rootfs-a');
    const rootB = join(d, 'rootfs-b');
    await mkdir(rootA);
    await mkdir(rootB);
    mountAll(sys, await sn.prepare('ctr-a', top), rootA);
    try {
      mountAll(sys, await sn.prepare('ctr-b', top), rootB);
      try {
        await checkRootfs(rootA);
        await writeFile(join(rootA, 'etc/passwd'), 'changed by a\n');
        assert.match(await readFile(join(rootB, 'etc/passwd'), 'utf8'), /^root:/);
        assert.equal(execFileSync('chroot', [rootA, '/app/run.sh'], { encoding: 'utf8' }), 'from-layer-3\n');
      } finally {
        unmountAll(sys, rootB);
      }
    } finally {
      unmountAll(sys, rootA);
    }
    assert.equal(mountsUnder(d).length, 0);
    // A's write lives in A's own snapshot only.
    assert.equal(await readFile(join(await sn.writableDir('ctr-a'), 'etc/passwd'), 'utf8'), 'changed by a\n');
    await assert.rejects(sn.remove(top), { code: 'FAILED_PRECONDITION' });
    await sn.remove('ctr-a');
    await sn.remove('ctr-b');
    for (const c of [...first.chainIds].reverse()) await sn.remove(c);
    assert.deepEqual(await sn.list(), []);
  });
}

async function checkRootfs(root: string): Promise<void> {
  assert.deepEqual(await readdir(join(root, 'var/www')), ['index.html'], 'opaque dir hides the lower layer');
  await assert.rejects(lstat(join(root, 'etc/group')), { code: 'ENOENT' }, 'whiteout hides etc/group');
  assert.match(await readFile(join(root, 'etc/passwd'), 'utf8'), /^app:x:1000/m);
  assert.equal(execFileSync('chroot', [root, '/bin/sh', '-c', 'ls /var/www; cat /var/www/index.html'], { encoding: 'utf8' }), 'index.html\nhi');
}

test('a layer whose content does not match its diff id is refused and leaves no snapshot', async () => {
  const d = await tmp();
  const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'state'));
  const img = await image();
  const bad = sources(img);
  bad[1] = { diffId: img.layers[2].diffId, open: bad[1].open };
  await assert.rejects(unpackLayers(sn, sys, bad), { code: 'INVALID_ARGUMENT', message: /does not match diff id/ });
  assert.deepEqual((await sn.list()).map((s) => s.key), [img.layers[0].diffId]);
});

test('parallel unpack: layers extracted side by side, top first, stack on commit into the same rootfs; native cannot rebase', async () => {
  const d = await tmp();
  const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'state'), { prefer: 'overlayfs' });
  const img = await image();
  const diffIds = img.layers.map((l) => l.diffId);
  const pu = await ParallelUnpack.open(sn, sys, diffIds);
  assert.ok(pu);
  assert.deepEqual(diffIds.map((_, i) => pu.needs(i)), [true, true, true]);
  // In reverse order, and nothing committed before commit(): a failed pull leaves no chain.
  for (const i of [2, 1, 0]) await pu.extract(i, Readable.from([img.layers[i].data]));
  assert.deepEqual((await sn.list()).filter((s) => s.kind === 'committed'), []);
  await pu.commit();
  const ids = chainIds(diffIds);
  assert.equal((await sn.stat(ids[2])).parent, ids[1]);
  assert.equal((await sn.stat(ids[1])).parent, ids[0]);
  assert.deepEqual((await unpackLayers(sn, sys, sources(img).map((l) => ({ ...l, verified: true })))).unpacked, []);
  const root = join(d, 'rootfs');
  await mkdir(root);
  mountAll(sys, await sn.prepare('ctr', ids[2]), root);
  try {
    await checkRootfs(root);
  } finally {
    unmountAll(sys, root);
  }
  // Committing onto a parent is refused for a snapshot that has one, and by the native snapshotter.
  await sn.prepare('on-top', ids[2]);
  await assert.rejects(sn.commit('x', 'on-top', { parent: ids[0] }), { code: 'FAILED_PRECONDITION' });
  const { snapshotter: native } = await createSnapshotter(sys, join(d, 'native'), { prefer: 'native' });
  assert.equal(await ParallelUnpack.open(native, sys, diffIds), undefined);
  await native.prepare('a');
  await native.prepare('b');
  await native.commit('base', 'a');
  await assert.rejects(native.commit('c', 'b', { parent: 'base' }), { code: 'FAILED_PRECONDITION' });
});

test('parallel unpack: a later pull waits for an earlier one extracting the same chain, and extracts it itself if that one fails', async () => {
  const d = await tmp();
  const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'state'), { prefer: 'overlayfs' });
  const img = await image();
  const diffIds = img.layers.map((l) => l.diffId);
  const owners = new ChainOwners();
  const first = await ParallelUnpack.open(sn, sys, diffIds.slice(0, 2), { owners });
  const second = await ParallelUnpack.open(sn, sys, diffIds, { owners });
  assert.ok(first && second);
  await first.extract(0, Readable.from([img.layers[0].data]));
  let opened = 0;
  const open = (i: number) => async (): Promise<Readable> => { opened++; return Readable.from([img.layers[i].data]); };
  const waiting = second.extract(0, open(0));
  await first.extract(1, Readable.from([img.layers[1].data]));
  await first.commit();
  assert.equal(await waiting, 'shared');
  assert.equal(opened, 0, 'the shared layer was not read again');
  // The first gives up on a chain it owns: the waiter then extracts it itself.
  const third = await ParallelUnpack.open(sn, sys, diffIds, { owners });
  const fourth = await ParallelUnpack.open(sn, sys, diffIds, { owners });
  assert.ok(third && fourth);
  await third.extract(2, Readable.from([img.layers[2].data]));
  const later = fourth.extract(2, open(2));
  await third.abort();
  assert.equal(await later, 'extracted');
  assert.equal(opened, 1);
  await second.extract(1, open(1));
  await second.extract(2, open(2));
  await second.commit();
  await fourth.abort();
  assert.equal((await sn.list()).length, 3);
});

test('parallel unpack: a layer that lies about its diff id or escapes its root fails; abort leaves no snapshot', async () => {
  const d = await tmp();
  const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'state'), { prefer: 'overlayfs' });
  const img = await image();
  const evil = await tarBuffer([{ name: '../escape', content: 'x' }]);
  const pu = await ParallelUnpack.open(sn, sys, [img.layers[0].diffId, img.layers[2].diffId, sha256(evil)]);
  assert.ok(pu);
  await pu.extract(0, Readable.from([img.layers[0].data]));
  await assert.rejects(pu.extract(1, Readable.from([img.layers[1].data])), { code: 'INVALID_ARGUMENT', message: /does not match diff id/ });
  const input = Readable.from([evil]);
  await assert.rejects(pu.extract(2, input), { message: /contains "\.\."/ });
  assert.ok(input.destroyed, 'the refused layer\'s input is closed, so its download does not wait on it');
  assert.equal(execFileSync('find', [d, '-name', 'escape'], { encoding: 'utf8' }), '');
  await pu.abort();
  assert.deepEqual(await sn.list(), []);
});

test('view on a chain is read-only; cleanup removes orphans and interrupted extractions', async () => {
  const d = await tmp();
  const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'state'));
  const img = await image();
  const { chainIds: ids } = await unpackLayers(sn, sys, sources(img));
  const v = join(d, 'view');
  await mkdir(v);
  mountAll(sys, await sn.view('v1', ids[2]), v);
  try {
    assert.equal(await readFile(join(v, 'var/www/index.html'), 'utf8'), 'hi');
    await assert.rejects(writeFile(join(v, 'x'), 'x'), { code: 'EROFS' });
  } finally {
    unmountAll(sys, v);
  }
  await sn.prepare(`${EXTRACT_PREFIX}dead-beef`, ids[0]);
  await mkdir(join(d, 'state/overlayfs/999'));
  const removed = await cleanupLeftovers(sn);
  assert.deepEqual(removed.sort(), ['999', `${EXTRACT_PREFIX}dead-beef`].sort());
  assert.equal((await sn.list()).length, 4);
});

function cleanupLeftovers(sn: Snapshotter): Promise<string[]> {
  return sn.cleanup((s) => s.kind === 'active' && s.key.startsWith(EXTRACT_PREFIX));
}

test('a crash between commit\'s two writes: dropping the stale active record keeps the layer', async () => {
  const d = await tmp();
  const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'state'));
  await sn.prepare(`${EXTRACT_PREFIX}crash`);
  await writeFile(join(await sn.writableDir(`${EXTRACT_PREFIX}crash`), 'f'), 'kept');
  const info = await sn.stat(`${EXTRACT_PREFIX}crash`);
  // Simulate: committed record written, active record not yet deleted.
  await writeFile(join(d, 'state/overlayfs/metadata/layer1.json'), JSON.stringify({ ...info, key: 'layer1', kind: 'committed' }));
  assert.deepEqual(await cleanupLeftovers(sn), [`${EXTRACT_PREFIX}crash`]);
  const v = join(d, 'v');
  await mkdir(v);
  mountAll(sys, await sn.view('v', 'layer1'), v);
  try {
    assert.equal(await readFile(join(v, 'f'), 'utf8'), 'kept');
  } finally {
    unmountAll(sys, v);
  }
});

test('an image of 40 layers under a long state root mounts: lowerdir past one page is compacted', async () => {
  const d = await tmp();
  const { snapshotter: sn } = await createSnapshotter(sys, join(d, 'a-state-root-with-a-rather-long-name'.repeat(2), 'and-deeper-still/var/lib/berth'));
  const layers: LayerSource[] = [];
  for (let i = 0; i < 40; i++) {
    const data = await tarBuffer([{ name: `f${i}`, content: String(i) }, ...(i > 0 ? [{ name: `.wh.f${i - 1}` }] : [])]);
    layers.push({ diffId: sha256(data), open: async () => Readable.from([data]) });
  }
  const { chainIds: ids } = await unpackLayers(sn, sys, layers);
  const mounts = await sn.prepare('many', ids[ids.length - 1]);
  assert.ok(mounts[0].options.join(',').length > 4096, 'the options really exceed a page');
  const root = join(d, 'rootfs');
  await mkdir(root);
  mountAll(sys, mounts, root);
  try {
    assert.deepEqual(await readdir(root), ['f39']);
  } finally {
    unmountAll(sys, root);
  }
});
