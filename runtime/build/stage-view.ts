// Another stage's (or image's) filesystem, read-only, for COPY --from and RUN --mount from=:
// a view snapshot on its top layer, mounted in scratch space for as long as the caller needs it.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mountAllAsync, unmountAllAsync } from '../mount/index';
import type { LayerBlob } from './layer-diff';
import { ensureUnpacked, type RootfsDeps } from './rootfs-step';

export interface StageView {
  dir: string;
  release(): Promise<void>;
}

export async function openView(deps: RootfsDeps, layers: readonly LayerBlob[]): Promise<StageView> {
  const id = randomBytes(8).toString('hex');
  const dir = join(deps.scratch, `view-${id}`);
  await mkdir(dir, { recursive: true });
  const top = await ensureUnpacked(deps, layers);
  if (!top) return { dir, release: () => rm(dir, { recursive: true, force: true }) };
  const key = `build-view-${id}`;
  try {
    const mounts = await deps.snapshotter.view(key, top);
    await mountAllAsync(deps.sys, mounts, dir);
  } catch (err) {
    await deps.snapshotter.remove(key).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    release: async () => {
      await unmountAllAsync(deps.sys, dir, { detach: true });
      await deps.snapshotter.remove(key).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
