// Long synchronous work cut into slices: a layer held in memory (or read faster than it is
// written) lets tar-stream hand over entries in microtasks only, and a loop of them never gives
// timers or sockets a turn, so /_ping waited for the whole layer. After `budgetMs` of work the
// caller yields one macrotask turn (setImmediate), which lets I/O callbacks run.
import { setImmediate as nextTurn } from 'node:timers/promises';

export const SLICE_MS = 8;

/** Returns `maybeYield`: resolves at once inside the budget, after a loop turn past it. */
export function timeSlicer(now: () => number, budgetMs = SLICE_MS): () => Promise<void> | undefined {
  let start = now();
  return () => {
    if (now() - start < budgetMs) return undefined;
    return nextTurn().then(() => { start = now(); });
  };
}
