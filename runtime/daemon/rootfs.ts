// RootfsProvider for the containers service, over the images engineer's snapshotter: a writable
// snapshot on the image's top layer, mounted at <root>/rootfs/<id> (overlay: lowerdir chain +
// per-container upper/work). Release unmounts (MNT_DETACH, the cheap one) and drops the snapshot.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RootfsProvider, ImageLookup } from '../containers/index';
import { topChainId, type ImageService } from '../images/index';
import { mountAll, unmountAll, mountsUnder, type Syscalls } from '../mount/index';
import { EngineError } from '../errors';

const key = (containerId: string): string => `container-${containerId}`;

export class SnapshotRootfs implements RootfsProvider {
  constructor(private readonly images: ImageService, private readonly sys: Syscalls, private readonly base: string) {}

  async prepare(containerId: string, imageId: string): Promise<string> {
    const record = await this.images.get(imageId);
    const target = join(this.base, containerId);
    await mkdir(target, { recursive: true });
    const mounts = await this.images.snapshotter.prepare(key(containerId), topChainId(record)).catch(async (err: EngineError) => {
      if (err.code !== 'ALREADY_EXISTS') throw err;
      return this.images.snapshotter.mounts(key(containerId)); // a restart of a created container
    });
    if (mountsUnder(target).some((m) => m.mountPoint === target)) return target;
    mountAll(this.sys, mounts, target);
    return target;
  }

  async release(containerId: string): Promise<void> {
    const target = join(this.base, containerId);
    if (mountsUnder(target).length > 0) unmountAll(this.sys, target, { detach: true });
    await this.images.snapshotter.remove(key(containerId)).catch((err: EngineError) => {
      if (err.code !== 'NOT_FOUND') throw err;
    });
    await rm(target, { recursive: true, force: true });
  }
}

/** ImageLookup for the containers service: id and the config defaults a container inherits. */
export function imageLookup(images: ImageService): ImageLookup {
  return {
    async resolve(ref: string) {
      const { record, config } = await images.imageConfig(ref).catch((err: EngineError) => {
        if (err.code === 'NOT_FOUND') throw new EngineError('NOT_FOUND', `No such image: ${ref}`, { cause: err });
        throw err;
      });
      return { id: record.id, config: config.config ?? {} };
    },
  };
}
