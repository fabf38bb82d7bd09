// RootfsProvider for the containers service, over the images engineer's snapshotter: a writable
// snapshot on the image's top layer, mounted at <root>/rootfs/<id> (overlay: lowerdir chain +
// per-container upper/work). Release unmounts (MNT_DETACH, the cheap one, off the loop) and drops
// the snapshot.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RootfsProvider, ImageLookup } from '../containers/index';
import { topChainId, type ImageService } from '../images/index';
import { mountAllAsync, unmountAllAsync, mountsUnder, type Syscalls } from '../mount/index';
import { EngineError } from '../errors';

const key = (containerId: string): string => `container-${containerId}`;

export class SnapshotRootfs implements RootfsProvider {
  constructor(private readonly images: ImageService, private readonly sys: Syscalls, private readonly base: string) {}

  async prepare(containerId: string, imageId: string): Promise<string> {
    const record = await this.images.get(imageId);
    const target = join(this.base, containerId);
    // The mount point and the snapshot are independent: made side by side.
    const [, prepared] = await Promise.all([
      mkdir(target, { recursive: true }),
      this.images.snapshotter.prepare(key(containerId), topChainId(record)).then((mounts) => ({ mounts, fresh: true }), async (err: EngineError) => {
        if (err.code !== 'ALREADY_EXISTS') throw err;
        return { mounts: await this.images.snapshotter.mounts(key(containerId)), fresh: false };
      }),
    ]);
    // Only a snapshot that existed before can already be mounted: a new one belongs to a new
    // container id, whose mount point nobody mounted. So mountinfo is read only then.
    if (!prepared.fresh && mountsUnder(target).some((m) => m.mountPoint === target)) return target;
    await mountAllAsync(this.sys, prepared.mounts, target); // the mount(2) off the loop
    return target;
  }

  async release(containerId: string): Promise<void> {
    const target = join(this.base, containerId);
    // umount2 on a worker thread (the detach held the loop ~5 ms a removal); no mountinfo read:
    // the unmount ends quietly at EINVAL (nothing mounted) or ENOENT (no mount point).
    await unmountAllAsync(this.sys, target, { detach: true });
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
