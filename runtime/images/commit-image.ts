// The last step of load and import: unpack the layers into snapshots (once per chain id), then,
// under the record lock, write the image record and move each name onto it (a name taken from
// another image leaves that image untagged, as `docker load` and `docker tag` do).
import { EngineError } from '../errors';
import { unpackLayers, chainIds as chainIdsOf } from '../unpack';
import type { ImageContext } from './context';
import type { StagedImage } from './ingest';
import { mergeIndex, type ImageRecord } from './record';
import { normalizeName } from './reference';

async function imageSize(ctx: ImageContext, chainIds: string[]): Promise<number> {
  if (chainIds.length === 0) return 0;
  // The native snapshotter's top snapshot holds the full copy; overlay layers add up.
  const keys = ctx.snapshotter.name === 'native' ? chainIds.slice(-1) : chainIds;
  let size = 0;
  for (const k of keys) size += (await ctx.snapshotter.stat(k)).size ?? 0;
  return size;
}

export async function commitImage(ctx: ImageContext, staged: StagedImage, lease: Set<string>): Promise<ImageRecord> {
  const names = staged.names.map((n) => {
    try {
      return normalizeName(n);
    } catch (err) {
      throw new EngineError('INVALID_ARGUMENT', `image name "${n}": ${(err as Error).message}`, { cause: err });
    }
  });
  const sources = staged.layers.map((l) => ({ diffId: l.diffId, open: () => ctx.content.readStream(l.digest), verified: staged.verified?.has(l.digest) }));
  const chainIdsAll = chainIdsOf(staged.layers.map((l) => l.diffId));
  for (const c of chainIdsAll) lease.add(c);
  const { chainIds } = await unpackLayers(ctx.snapshotter, ctx.sys, sources, { maxLayerBytes: ctx.limits.maxLayerBytes });
  const size = await imageSize(ctx, chainIds);
  return ctx.lock.run(async () => {
    const existing = await ctx.store.byId(staged.config.digest);
    const now = ctx.now().toISOString();
    const record: ImageRecord = existing ?? {
      id: staged.config.digest, repoTags: [], repoDigests: [], manifest: staged.manifest, config: staged.config,
      layers: staged.layers, chainIds, size, loadedAt: now,
    };
    const index = mergeIndex(record.index, staged.index);
    if (index) record.index = index;
    await moveTags(ctx, record, names, now);
    return record;
  });
}

/** Points `names` at `record` (call under the lock), untagging them from any other image. */
export async function moveTags(ctx: ImageContext, record: ImageRecord, names: string[], now: string): Promise<void> {
  const fresh = names.filter((n) => !record.repoTags.includes(n));
  for (const other of await ctx.store.all()) {
    if (other.id === record.id) continue;
    const kept = other.repoTags.filter((t) => !fresh.includes(t));
    if (kept.length !== other.repoTags.length) await ctx.store.put({ ...other, repoTags: kept });
  }
  record.repoTags.push(...fresh);
  if (fresh.length) record.lastTagTime = now;
  await ctx.store.put(record);
}
