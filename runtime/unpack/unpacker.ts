// Unpacking an image's layers into committed snapshots, once per chain id, as containerd's
// unpacker does: for each layer whose chain id has no snapshot yet, prepare an active snapshot
// on the previous chain, apply the layer into its writable dir, check the diff id the image
// config promised, and commit it under the chain id. A concurrent unpack of the same chain
// loses the commit race harmlessly (ALREADY_EXISTS → drop ours). A layer whose chain id exists
// already is still read through and hashed: its blob is stored as this image's layer (and is
// what `image save` and push send), so random bytes that merely claim busybox's diff id, or a
// truncated gzip, are refused here rather than stored.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { EngineError } from '../errors';
import type { Syscalls } from '../mount/syscalls';
import type { Snapshotter } from '../snapshots/types';
import { applyLayer } from './apply-layer';
import { hashLayer } from './hash-layer';
import { chainIds } from './chain-id';

export interface LayerSource {
  /** The uncompressed layer's sha256, from the image config's rootfs.diff_ids. */
  diffId: string;
  open(): Promise<Readable>;
  /** Set when the caller already checked this blob against `diffId` (a pull that unpacked it). */
  verified?: boolean;
}

export interface UnpackResult {
  chainIds: string[];
  /** Chain ids this call unpacked (the others existed already). */
  unpacked: string[];
}

export const EXTRACT_PREFIX = 'extract-';

export async function unpackLayers(sn: Snapshotter, sys: Syscalls, layers: readonly LayerSource[], opts: { maxLayerBytes?: number } = {}): Promise<UnpackResult> {
  const ids = chainIds(layers.map((l) => l.diffId));
  const unpacked: string[] = [];
  for (let i = 0; i < layers.length; i++) {
    if (await snapshotExists(sn, ids[i])) {
      if (!layers[i].verified) await verifyLayer(layers[i], opts.maxLayerBytes);
      continue;
    }
    if (await unpackOne(sn, sys, layers[i], ids[i], ids[i - 1], opts.maxLayerBytes)) unpacked.push(ids[i]);
  }
  return { chainIds: ids, unpacked };
}

/** Hashes the uncompressed stream of a layer that needs no unpacking; refuses a mismatch. */
async function verifyLayer(layer: LayerSource, maxBytes?: number): Promise<void> {
  const res = await hashLayer(await layer.open(), { maxBytes });
  checkDiffId(res.diffId, layer.diffId);
}

export function checkDiffId(actual: string, expected: string): void {
  if (actual !== expected) {
    throw new EngineError('INVALID_ARGUMENT', `layer content ${actual} does not match diff id ${expected} in the image config`);
  }
}

export async function snapshotExists(sn: Snapshotter, key: string): Promise<boolean> {
  try {
    return (await sn.stat(key)).kind === 'committed';
  } catch (err) {
    if ((err as EngineError).code === 'NOT_FOUND') return false;
    throw err;
  }
}

async function unpackOne(sn: Snapshotter, sys: Syscalls, layer: LayerSource, chainId: string, parent: string | undefined, maxBytes?: number): Promise<boolean> {
  const key = `${EXTRACT_PREFIX}${randomBytes(6).toString('hex')}-${chainId.slice(7, 19)}`;
  await sn.prepare(key, parent, { labels: { 'berth.chain-id': chainId } });
  try {
    const dir = await sn.writableDir(key);
    const res = await applyLayer(await layer.open(), dir, { sys, whiteouts: sn.whiteouts, maxBytes });
    checkDiffId(res.diffId, layer.diffId);
    await sn.commit(chainId, key);
    return true;
  } catch (err) {
    await sn.remove(key).catch(() => undefined);
    if ((err as EngineError).code === 'ALREADY_EXISTS' && (await snapshotExists(sn, chainId))) return false;
    throw err;
  }
}
