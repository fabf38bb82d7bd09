// `docker rmi` and `docker image prune`, with Docker's rules: removing by name untags that
// name; the image itself goes when no name is left, unless a container uses it (CONFLICT, or
// with force: untagged but kept); removing by id an image with several names needs force.
// Unreferenced blobs and layer snapshots are collected afterwards (unless noPrune).
import type { ImageDeleteItem, ImagePruneResponse } from '../api/types';
import { EngineError } from '../errors';
import type { ImageContext } from './context';
import type { ImageRecord } from './record';
import { collectGarbage } from './gc';
import { familiarName, normalizeName } from './reference';

export interface RemoveOptions {
  force?: boolean;
  noPrune?: boolean;
}

const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

function nameIn(ref: string, r: ImageRecord): string | undefined {
  try {
    const n = normalizeName(ref);
    return r.repoTags.includes(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

async function removeLocked(ctx: ImageContext, ref: string, opts: RemoveOptions): Promise<ImageDeleteItem[]> {
  const r = await ctx.store.resolve(ref);
  const name = nameIn(ref, r);
  if (name && r.repoTags.length > 1) {
    await ctx.store.put({ ...r, repoTags: r.repoTags.filter((t) => t !== name) });
    return [{ Untagged: familiarName(name) }];
  }
  if (!name && r.repoTags.length > 1 && !opts.force) {
    throw new EngineError('CONFLICT', `conflict: unable to delete ${short(r.id)} (must be forced) - image is referenced in multiple repositories`);
  }
  const untagged = r.repoTags.map((t) => ({ Untagged: familiarName(t) }));
  const users = await ctx.containersUsing(r.id);
  if (users > 0) {
    if (!opts.force) throw new EngineError('CONFLICT', `conflict: unable to delete ${short(r.id)} (must be forced) - image is being used by ${users} container(s)`);
    await ctx.store.put({ ...r, repoTags: [] });
    return untagged;
  }
  await ctx.store.delete(r.id);
  return [...untagged, { Deleted: r.id }];
}

export async function removeImage(ctx: ImageContext, ref: string, opts: RemoveOptions = {}): Promise<ImageDeleteItem[]> {
  return ctx.lock.run(async () => {
    const items = await removeLocked(ctx, ref, opts);
    if (!opts.noPrune && items.some((i) => i.Deleted)) await collectGarbage(ctx);
    return items;
  });
}

/** Dangling (untagged) images, or with `all` every image no container uses; then GC. */
export async function pruneImages(ctx: ImageContext, opts: { all?: boolean } = {}): Promise<ImagePruneResponse> {
  return ctx.lock.run(async () => {
    const deleted: ImageDeleteItem[] = [];
    for (const r of await ctx.store.all()) {
      if (!opts.all && r.repoTags.length > 0) continue;
      if ((await ctx.containersUsing(r.id)) > 0) continue;
      await ctx.store.delete(r.id);
      deleted.push(...r.repoTags.map((t) => ({ Untagged: familiarName(t) })), { Deleted: r.id });
    }
    const gc = await collectGarbage(ctx);
    return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: gc.reclaimed };
  });
}
