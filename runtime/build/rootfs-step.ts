// One filesystem step (RUN, COPY, ADD) as the classic builder makes it: a writable snapshot on
// the state's top layer, mounted; the step changes the tree; the snapshot's upper directory is
// written as the new layer and the snapshot itself committed under the layer's chain id, so the
// next step (and the final image) stack on it without unpacking the tar again.
import { randomBytes, createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentStore } from '../content/store';
import { mountAllAsync, unmountAllAsync, type Syscalls } from '../mount/index';
import type { Snapshotter } from '../snapshots/types';
import { unpackLayers } from '../unpack';
import { BuildError } from './errors';
import { commitDiff, type LayerBlob } from './layer-diff';

export interface RootfsDeps {
  snapshotter: Snapshotter;
  sys: Syscalls;
  content: ContentStore;
  /** Scratch directory for mount points and bundles (removed per step). */
  scratch: string;
}

/** The chain id of `parent` (a chain id or undefined) plus one diff id, as the image spec defines it. */
export function nextChainId(parent: string | undefined, diffId: string): string {
  if (!parent) return diffId;
  return `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}`;
}

/** Makes sure the layers are unpacked snapshots; returns the top chain id (undefined: no layers). */
export async function ensureUnpacked(deps: RootfsDeps, layers: readonly LayerBlob[]): Promise<string | undefined> {
  if (!layers.length) return undefined;
  if (deps.snapshotter.name !== 'overlayfs') {
    throw new BuildError('NOT_IMPLEMENTED', `building needs the overlayfs snapshotter (this engine uses ${deps.snapshotter.name})`);
  }
  const sources = layers.map((l) => ({ diffId: l.diffId, open: () => deps.content.readStream(l.digest) }));
  const { chainIds } = await unpackLayers(deps.snapshotter, deps.sys, sources);
  return chainIds[chainIds.length - 1];
}

export interface MountedStep {
  /** The merged rootfs, where the step works. */
  rootfs: string;
  /** The step's own directory (bundle files may go here). */
  dir: string;
  /** The snapshot's writable layer (for clean-up of mount stubs before the diff). */
  upper: string;
}

/**
 * Runs `change` on a mounted writable snapshot over `parent`, then commits what changed as a
 * layer. Everything made here (mount, snapshot, directory) is gone when it returns or throws.
 */
export async function withRootfsStep(deps: RootfsDeps, parent: string | undefined, change: (m: MountedStep) => Promise<void>): Promise<LayerBlob> {
  const id = randomBytes(8).toString('hex');
  const key = `build-${id}`;
  const dir = join(deps.scratch, id);
  const rootfs = join(dir, 'rootfs');
  let committed = false;
  try {
    const mounts = await deps.snapshotter.prepare(key, parent, { labels: { 'berth.build': '1' } });
    await mkdir(rootfs, { recursive: true });
    await mountAllAsync(deps.sys, mounts, rootfs);
    const upper = await deps.snapshotter.writableDir(key);
    try {
      await change({ rootfs, dir, upper });
    } finally {
      await unmountAllAsync(deps.sys, rootfs, { detach: true });
    }
    const layer = await commitDiff(upper, deps.content, deps.sys);
    const chainId = nextChainId(parent, layer.diffId);
    await deps.snapshotter.commit(chainId, key).then(() => { committed = true; }, (err: { code?: string }) => {
      if (err.code !== 'ALREADY_EXISTS') throw err;
    });
    return layer;
  } finally {
    if (!committed) await deps.snapshotter.remove(key).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
