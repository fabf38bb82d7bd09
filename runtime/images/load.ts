// `docker load` / `berth image load -i FILE`: a docker-archive, oci-archive (tar, gzip or not)
// or an OCI layout directory → images in the content store, unpacked, named. The archive is
// unpacked into scratch space first (its order is not ours to choose: manifest.json comes last
// in `docker save` output) with the layer unpacker's safety rules, then read.
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveDir } from './archive-dir';
import { readArchive } from './archive-formats';
import type { ImageContext } from './context';
import { ingestArchiveImage } from './ingest';
import { commitImage } from './commit-image';
import { familiarName } from './reference';
import { rollbackLease } from './rollback';

export interface LoadedImage {
  id: string;
  /** Familiar names given by the archive (busybox:latest); empty when it named none. */
  repoTags: string[];
}

export type LoadSource = Readable | { dir: string };

/**
 * Runs `fn` with a lease that keeps what it ingests from GC until the record is written; if `fn`
 * fails, what it stored and no image holds is removed (rollback.ts).
 */
export async function withLease<T>(ctx: ImageContext, fn: (lease: Set<string>) => Promise<T>): Promise<T> {
  const lease = new Set<string>();
  ctx.leases.add(lease);
  try {
    return await fn(lease);
  } catch (err) {
    ctx.leases.delete(lease);
    await rollbackLease(ctx, lease).catch(() => undefined); // the refusal is what the caller needs
    throw err;
  } finally {
    ctx.leases.delete(lease);
  }
}

export async function loadImages(ctx: ImageContext, source: LoadSource): Promise<LoadedImage[]> {
  let scratch: string | undefined;
  try {
    let archive: ArchiveDir;
    if ('dir' in source) {
      archive = new ArchiveDir(source.dir);
    } else {
      await mkdir(ctx.scratch, { recursive: true });
      scratch = await mkdtemp(join(ctx.scratch, 'load-'));
      archive = await ArchiveDir.extract(source, scratch, ctx.sys, ctx.limits.maxArchiveBytes);
    }
    const images = await readArchive(archive, ctx.platform);
    return await withLease(ctx, async (lease) => {
      const out: LoadedImage[] = [];
      for (const img of images) {
        const staged = await ingestArchiveImage(ctx, archive, img, lease);
        const rec = await commitImage(ctx, staged, lease);
        out.push({ id: rec.id, repoTags: staged.names.map((n) => familiarName(n)) });
      }
      return out;
    });
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
