// A refused load or import leaves nothing behind: the blobs it stored and the snapshots it
// committed (its lease names both) go again, unless an image record or another load in progress
// holds them. This is GC narrowed to one lease, under the same lock and gate, so it cannot race
// a concurrent load of the same content: that load's lease keeps what it shares with ours.
import type { EngineError } from '../errors';
import type { ImageContext } from './context';
import { referenced } from './gc';

/** Call after the lease was dropped from ctx.leases. */
export async function rollbackLease(ctx: ImageContext, lease: Set<string>): Promise<void> {
  await ctx.lock.run(() => ctx.gate.exclusive(async () => {
    const keep = await referenced(ctx);
    // Chain ids were leased in order, base first: remove the top of a stack before its parent.
    for (const key of [...lease].reverse()) {
      if (keep.has(key)) continue;
      await ctx.content.delete(key);
      await ctx.snapshotter.remove(key).catch((err: EngineError) => {
        if (err.code !== 'NOT_FOUND' && err.code !== 'FAILED_PRECONDITION') throw err;
      });
    }
  }));
}
