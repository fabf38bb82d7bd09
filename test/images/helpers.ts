// Shared by the image tests: a fresh ImageService on a temporary state root, removed (with any
// mount left under it) after the file's tests, also when they fail.
import { after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyscalls, unmountAll, mountsUnder } from '../../runtime/mount';
import { ImageService, type ImageServiceOptions } from '../../runtime/images';

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
