// What runtime/distribution needs from the image store to pull into it, without reaching into
// the service's context: blobs ingested under the GC gate and a lease (so GC never collects a
// blob between its download and the record naming it), then the record written by the same
// commit step `load` uses, with the pulled name and the name@digest Docker keeps as RepoDigests.
import type { Readable } from 'node:stream';
import type { BlobInfo, BlobSource, BlobWriter, Expected } from '../content/store';
import { ChainOwners, ParallelUnpack, chainIds } from '../unpack';
import type { ImageContext } from './context';
import type { StagedImage } from './ingest';
import { commitImage } from './commit-image';
import { withLease } from './load';
import type { ImageRecord } from './record';

export interface PullTarget {
  platform: { os: string; architecture: string; variant?: string };
  has(digest: string): Promise<boolean>;
  read(digest: string): Promise<Buffer>;
  readStream(digest: string): Promise<Readable>;
  /**
   * Unpacks layers as they download (leasing their chain ids), or undefined where the
   * snapshotter cannot stack layers unpacked side by side: commit() unpacks them then.
   */
  parallelUnpack(diffIds: readonly string[], lease: Set<string>): Promise<ParallelUnpack | undefined>;
  /** `write`: who writes the ingest file (an unpack that records the blob as it unpacks it). */
  ingest(source: BlobSource, expected: Expected, lease: Set<string>, write?: BlobWriter): Promise<BlobInfo>;
  withLease<T>(fn: (lease: Set<string>) => Promise<T>): Promise<T>;
  /** Writes the record; `repoDigest` (repo@sha256:…) joins its RepoDigests. */
  commit(staged: StagedImage, lease: Set<string>, repoDigest?: string): Promise<ImageRecord>;
  /** The record a full name points at, if any. */
  byName(name: string): Promise<ImageRecord | undefined>;
}

export function pullTarget(ctx: ImageContext): PullTarget {
  const owners = new ChainOwners();
  return {
    platform: ctx.platform,
    has: (d) => ctx.content.has(d),
    read: (d) => ctx.content.read(d),
    readStream: (d) => ctx.content.readStream(d),
    parallelUnpack: async (diffIds, lease) => {
      // Leased before their presence is checked, so GC cannot drop a chain we build on.
      for (const c of chainIds(diffIds)) lease.add(c);
      return ParallelUnpack.open(ctx.snapshotter, ctx.sys, diffIds, { maxLayerBytes: ctx.limits.maxLayerBytes, owners, applier: ctx.applier });
    },
    ingest: (source, expected, lease, write) => ctx.gate.shared(async () => {
      if (expected.digest) lease.add(expected.digest);
      const info = await ctx.content.ingest(source, expected, write);
      lease.add(info.digest);
      return info;
    }),
    withLease: (fn) => withLease(ctx, fn),
    commit: async (staged, lease, repoDigest) => {
      const record = await commitImage(ctx, staged, lease);
      if (!repoDigest) return record;
      return ctx.lock.run(async () => {
        const fresh = (await ctx.store.byId(record.id)) ?? record;
        if (!fresh.repoDigests.includes(repoDigest)) {
          fresh.repoDigests = [...fresh.repoDigests, repoDigest];
          await ctx.store.put(fresh);
        }
        return fresh;
      });
    },
    byName: (name) => ctx.store.byName(name),
  };
}
