// Medians for the images path on the busybox fixture (not a test; run by hand):
//   node --import tsx test/images/bench-images.ts
// applyLayer of the busybox layer, load of a docker-archive into a fresh state root, snapshot
// prepare, overlay mount and MNT_DETACH unmount of a container rootfs, save to a docker-archive.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { ImageService, topChainId } from '../../runtime/images';
import { createSyscalls, mountAll, unmountAll, mountsUnder } from '../../runtime/mount';
import { applyLayer } from '../../runtime/unpack';
import { makeDockerArchive, makeBusyboxLayerTar } from '../fixtures/busybox-image';
const sys = createSyscalls();
const base = await mkdtemp(join(tmpdir(), 'berth-bench-img-'));
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const t = async (fn: () => Promise<unknown>) => { const s = process.hrtime.bigint(); await fn(); return Number(process.hrtime.bigint() - s) / 1e6; };
try {
  await makeDockerArchive(join(base, 'bb.tar'));
  await makeBusyboxLayerTar(join(base, 'layer.tar'));
  const N = 15;
  const unpack: number[] = [], load: number[] = [], mnt: number[] = [], umnt: number[] = [], save: number[] = [], prep: number[] = [];
  for (let i = 0; i < N; i++) {
    const dst = join(base, `u${i}`); await mkdir(dst);
    unpack.push(await t(() => applyLayer(createReadStream(join(base, 'layer.tar')), dst, { sys, whiteouts: 'overlay' })));
    const images = await ImageService.open({ root: join(base, `s${i}`), sys });
    load.push(await t(() => images.load(createReadStream(join(base, 'bb.tar')))));
    const rec = await images.get('busybox');
    const target = join(base, `r${i}`); await mkdir(target);
    let mounts: Awaited<ReturnType<typeof images.snapshotter.prepare>> = [];
    prep.push(await t(async () => { mounts = await images.snapshotter.prepare(`c${i}`, topChainId(rec)); }));
    mnt.push(await t(async () => mountAll(sys, mounts, target)));
    umnt.push(await t(async () => unmountAll(sys, target)));
    save.push(await t(async () => pipeline(await images.save(['busybox']), createWriteStream(join(base, `o${i}.tar`)))));
  }
  console.log(JSON.stringify({ runs: N, applyLayerBusyboxMs: med(unpack), loadDockerArchiveMs: med(load), snapshotPrepareMs: med(prep), mountMs: med(mnt), unmountDetachMs: med(umnt), saveMs: med(save) }));
} finally {
  for (const m of mountsUnder(base).reverse()) unmountAll(sys, m.mountPoint);
  await rm(base, { recursive: true, force: true });
}
