// Unpacking an image's layers side by side while they download, as containerd's parallel unpack
// does with snapshotters that can rebase: each missing layer is applied into its own active
// snapshot prepared without a parent (an overlay layer's directory does not depend on the
// layers below it), its diff id checked as it streams; commit() then stacks them in order,
// each committed under its chain id onto the one below. Nothing is committed before commit(),
// so a pull that fails (a blob whose digest does not match, a hostile entry) leaves only active
// snapshots, which abort() removes (and cleanup() at start-up, by their EXTRACT_PREFIX key).
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { EngineError } from '../errors';
import type { Syscalls } from '../mount/syscalls';
import type { Snapshotter } from '../snapshots/types';
import { applyLayer } from './apply-layer';
import { chainIds } from './chain-id';
import { EXTRACT_PREFIX, checkDiffId, snapshotExists } from './unpacker';

export class ParallelUnpack {
  /** Active snapshot key of each layer being (or done being) extracted by this unpack. */
  private readonly keys = new Map<number, string>();

  private constructor(
    private readonly sn: Snapshotter,
    private readonly sys: Syscalls,
    private readonly diffIds: readonly string[],
    readonly chainIds: readonly string[],
    private readonly missing: readonly boolean[],
    private readonly maxLayerBytes?: number,
  ) {}

  /** Undefined when the snapshotter cannot rebase (native copies): unpack after download then. */
  static async open(sn: Snapshotter, sys: Syscalls, diffIds: readonly string[], opts: { maxLayerBytes?: number } = {}): Promise<ParallelUnpack | undefined> {
    if (!sn.rebase) return undefined;
    const ids = chainIds(diffIds);
    const missing = await Promise.all(ids.map(async (id) => !(await snapshotExists(sn, id))));
    return new ParallelUnpack(sn, sys, diffIds, ids, missing, opts.maxLayerBytes);
  }

  /** Whether layer `i` has to be extracted (its chain id has no snapshot yet). */
  needs(i: number): boolean {
    return this.missing[i];
  }

  /** Applies layer `i` from `input` (its compressed blob) and checks its diff id. */
  async extract(i: number, input: Readable): Promise<void> {
    const key = `${EXTRACT_PREFIX}${randomBytes(6).toString('hex')}-${this.chainIds[i].slice(7, 19)}`;
    try {
      await this.sn.prepare(key, undefined, { labels: { 'berth.chain-id': this.chainIds[i] } });
    } catch (err) {
      input.destroy();
      throw err;
    }
    this.keys.set(i, key);
    try {
      const res = await applyLayer(input, await this.sn.writableDir(key), { sys: this.sys, whiteouts: this.sn.whiteouts, maxBytes: this.maxLayerBytes });
      checkDiffId(res.diffId, this.diffIds[i]);
    } finally {
      // A refusal stops reading mid-layer: whoever feeds `input` must not wait on it forever.
      input.destroy();
    }
  }

  /** Commits the extracted layers bottom up; a chain another unpack committed meanwhile wins. */
  async commit(): Promise<void> {
    for (let i = 0; i < this.chainIds.length; i++) {
      const key = this.keys.get(i);
      if (key === undefined) {
        // A layer missing when we started and never extracted would leave a gap in the stack.
        if (this.missing[i] && !(await snapshotExists(this.sn, this.chainIds[i]))) throw new Error(`layer ${i} (${this.chainIds[i]}) was not extracted`);
        continue;
      }
      try {
        await this.sn.commit(this.chainIds[i], key, i === 0 ? {} : { parent: this.chainIds[i - 1] });
        this.keys.delete(i);
      } catch (err) {
        if ((err as EngineError).code !== 'ALREADY_EXISTS' || !(await snapshotExists(this.sn, this.chainIds[i]))) throw err;
        await this.sn.remove(key);
        this.keys.delete(i);
      }
    }
  }

  /** Removes what was extracted and not committed (best effort: cleanup() at start catches the rest). */
  async abort(): Promise<void> {
    for (const key of this.keys.values()) await this.sn.remove(key).catch(() => undefined);
    this.keys.clear();
  }
}
