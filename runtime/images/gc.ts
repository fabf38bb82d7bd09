// Garbage collection, as containerd's mark-and-sweep reduced to our two roots: every blob and
// committed snapshot reachable from an image record (or leased by a load in progress) stays;
// the rest goes. Snapshots are removed children first; one with a container on top refuses
// (FAILED_PRECONDITION) and is kept.
import { EngineError } from '../errors';
import type { ImageContext } from './context';
import type { SnapshotInfo } from '../snapshots/types';

export interface GcResult {
  blobs: string[];
  snapshots: string[];
  reclaimed: number;
}

export async function referenced(ctx: ImageContext): Promise<Set<string>> {
  const keep = new Set<string>();
  for (const r of await ctx.store.all()) {
    keep.add(r.manifest.digest);
    keep.add(r.config.digest);
    for (const l of r.layers) keep.add(l.digest);
    for (const c of r.chainIds) keep.add(c);
    for (const b of r.index?.blobs ?? []) keep.add(b);
  }
  for (const lease of ctx.leases) for (const d of lease) keep.add(d);
  return keep;
}

function depth(s: SnapshotInfo, byKey: Map<string, SnapshotInfo>): number {
  let d = 0;
  for (let p = s.parent; p !== undefined && d < 1000; p = byKey.get(p)?.parent) d++;
  return d;
}

/** Call under ctx.lock. */
export async function collectGarbage(ctx: ImageContext): Promise<GcResult> {
  return ctx.gate.exclusive(() => sweep(ctx));
}

async function sweep(ctx: ImageContext): Promise<GcResult> {
  // List first, then mark: anything stored after the listing is not swept, anything stored
  // before it was leased (or gated) before it became visible.
  const blobs = await ctx.content.list();
  const all = await ctx.snapshotter.list();
  const keep = await referenced(ctx);
  const out: GcResult = { blobs: [], snapshots: [], reclaimed: 0 };
  for (const b of blobs) {
    if (keep.has(b.digest)) continue;
    await ctx.content.delete(b.digest);
    out.blobs.push(b.digest);
    out.reclaimed += b.size;
  }
  const byKey = new Map(all.map((s) => [s.key, s]));
  const victims = all.filter((s) => s.kind === 'committed' && !keep.has(s.key)).sort((a, b) => depth(b, byKey) - depth(a, byKey));
  for (const s of victims) {
    try {
      await ctx.snapshotter.remove(s.key);
      out.snapshots.push(s.key);
      out.reclaimed += s.size ?? 0;
    } catch (err) {
      if ((err as EngineError).code !== 'FAILED_PRECONDITION') throw err;
    }
  }
  return out;
}
