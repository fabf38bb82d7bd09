// Shared by the image tests: a fresh ImageService on a temporary state root, removed (with any
// mount left under it) after the file's tests, also when they fail.
import { after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyscalls, unmountAll, mountsUnder } from '../../runtime/mount';
import { ImageService, type ImageServiceOptions } from '../../runtime/images';
import { dockerArchiveEntries, goArch, PATH_ENV, type BuiltImage } from '../fixtures/busybox-image';
import { sha256, writeTar, FIXED_MTIME } from '../fixtures/tar';

export const sys = createSyscalls();
const roots: string[] = [];

after(async () => {
  for (const r of roots) {
    for (const m of mountsUnder(r).reverse()) unmountAll(sys, m.mountPoint);
    await rm(r, { recursive: true, force: true });
  }
});

export async function tmp(prefix = 'berth-img-'): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  roots.push(d);
  return d;
}

export async function openService(opts: Partial<ImageServiceOptions> = {}): Promise<{ images: ImageService; root: string }> {
  const root = join(await tmp(), 'state');
  return { images: await ImageService.open({ root, sys, ...opts }), root };
}

export interface FakeLayer { data: Buffer; diffId: string }

/** A classic docker-archive whose layers and config say whatever the case needs. */
export async function hostileArchive(path: string, layers: FakeLayer[], config: Record<string, unknown> = {}): Promise<void> {
  const cfg = Buffer.from(JSON.stringify({
    architecture: goArch(), os: 'linux', created: FIXED_MTIME.toISOString(),
    config: { Env: [PATH_ENV], Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    ...config,
  }));
  const img: BuiltImage = {
    imageId: sha256(cfg), config: cfg, manifest: Buffer.alloc(0), manifestDigest: '', name: 'hostile', tag: 'x',
    layers: layers.map((l, i) => ({ ...l, diffId: `sha256:${String(i).padStart(64, '0')}`, digest: sha256(l.data), size: l.data.length, mediaType: '' })),
  };
  await writeTar(path, dockerArchiveEntries(img));
}
