// Unpacking an image's layers side by side while they download, as containerd's parallel unpack
// does with snapshotters that can rebase: each missing layer is applied into its own active
// snapshot prepared without a parent (an overlay layer's directory does not depend on the
// layers below it), its diff id checked as it streams; commit() then stacks them in order,
// each committed under its chain id onto the one below. Nothing is committed before commit(),
// so a pull that fails (a blob whose digest does not match, a hostile entry) leaves only active
// snapshots, which abort() removes (and cleanup() at start-up, by their EXTRACT_PREFIX key).
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { EngineError } from '../errors';
import type { Syscalls } from '../mount/syscalls';
import type { Snapshotter } from '../snapshots/types';
import { applyRecorded, type BlobSink } from './record-blob';
import type { LayerApplier } from './worker-pool';
import { chainIds } from './chain-id';
import { EXTRACT_PREFIX, checkDiffId, snapshotExists } from './unpacker';

/**
 * Which unpack is extracting which chain, engine-wide, so that concurrent pulls of images that
 * share layers unpack them once. A pull waits only for a chain owned by a pull that started
 * before it: waits always point to older pulls, so two pulls never wait on each other.
 */
export class ChainOwners {
  private next = 0;
  readonly owners = new Map<string, { seq: number; done: Promise<void> }>();

  seq(): number {
    return this.next++;
  }
}

export type LayerInput = Readable | (() => Promise<Readable>);

export interface ParallelUnpackOptions {
  maxLayerBytes?: number;
  owners?: ChainOwners;
  /** Where applyLayer runs (worker-pool.ts); on this thread when absent. */
  applier?: LayerApplier;
}

export class ParallelUnpack {
  /** Active snapshot key of each layer being (or done being) extracted by this unpack. */
  private readonly keys = new Map<number, string>();
  /** Ends this unpack's ownership of a chain (committed or given up): waiters then look. */
  private readonly releases = new Map<number, () => void>();
  /** Disk usage of each extracted layer, when its unpack measured it (record-blob.ts). */
  private readonly sizes = new Map<number, number>();
  private readonly seq: number;

  private constructor(
    private readonly sn: Snapshotter,
    private readonly sys: Syscalls,
    private readonly diffIds: readonly string[],
    readonly chainIds: readonly string[],
    private readonly missing: readonly boolean[],
    private readonly opts: ParallelUnpackOptions,
  ) {
    this.seq = opts.owners?.seq() ?? 0;
  }

  /** Undefined when the snapshotter cannot rebase (native copies): unpack after download then. */
  static async open(sn: Snapshotter, sys: Syscalls, diffIds: readonly string[], opts: ParallelUnpackOptions = {}): Promise<ParallelUnpack | undefined> {
    if (!sn.rebase) return undefined;
    const ids = chainIds(diffIds);
    const missing = await Promise.all(ids.map(async (id) => !(await snapshotExists(sn, id))));
    return new ParallelUnpack(sn, sys, diffIds, ids, missing, opts);
  }

  /** Whether layer `i` has to be extracted (its chain id has no snapshot yet). */
  needs(i: number): boolean {
    return this.missing[i];
  }

  /**
   * Applies layer `i` from its compressed blob and checks its diff id: 'extracted'. Given as an
   * opener (a blob already stored), it first waits for an older pull extracting the same chain:
   * 'shared' once that one committed it (this pull's blob is then verified at commit). With
   * `blob`, a download's bytes are also written to that ingest file (record-blob.ts).
   */
  async extract(i: number, source: LayerInput, blob?: BlobSink): Promise<'extracted' | 'shared'> {
    const other = this.opts.owners?.owners.get(this.chainIds[i]);
    if (other && other.seq < this.seq && typeof source === 'function') {
      await other.done;
      if (await snapshotExists(this.sn, this.chainIds[i])) return 'shared';
    }
    this.own(i);
    await this.apply(i, typeof source === 'function' ? await source() : source, blob);
    return 'extracted';
  }

  private own(i: number): void {
    const owners = this.opts.owners;
    const chain = this.chainIds[i];
    if (!owners || owners.owners.has(chain)) return;
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => { release = resolve; });
    owners.owners.set(chain, { seq: this.seq, done });
    this.releases.set(i, () => {
      if (owners.owners.get(chain)?.done === done) owners.owners.delete(chain);
      release();
    });
  }

  private release(i: number): void {
    this.releases.get(i)?.();
    this.releases.delete(i);
  }

  private async apply(i: number, input: Readable, blob: BlobSink | undefined): Promise<void> {
    const key = `${EXTRACT_PREFIX}${randomBytes(6).toString('hex')}-${this.chainIds[i].slice(7, 19)}`;
    try {
      await this.sn.prepare(key, undefined, { labels: { 'berth.chain-id': this.chainIds[i] } });
    } catch (err) {
      input.destroy();
      throw err;
    }
    this.keys.set(i, key);
    try {
      const dir = await this.sn.writableDir(key);
      const req = { whiteouts: this.sn.whiteouts, maxBytes: this.opts.maxLayerBytes, blob };
      const res = this.opts.applier ? await this.opts.applier(input, dir, req) : await applyRecorded(input, dir, { ...req, sys: this.sys });
      checkDiffId(res.diffId, this.diffIds[i]);
      if (res.diskSize !== undefined) this.sizes.set(i, res.diskSize);
    } finally {
      // A refusal stops reading mid-layer: whoever feeds `input` must not wait on it forever.
      input.destroy();
    }
  }

  /** Commits the extracted layers bottom up; a chain another unpack committed meanwhile wins. */
  async commit(): Promise<void> {
    try {
      await this.commitAll();
    } finally {
      for (const i of [...this.releases.keys()]) this.release(i);
    }
  }

  private async commitAll(): Promise<void> {
    for (let i = 0; i < this.chainIds.length; i++) {
      const key = this.keys.get(i);
      if (key === undefined) {
        // A layer missing when we started and never extracted would leave a gap in the stack.
        if (this.missing[i] && !(await snapshotExists(this.sn, this.chainIds[i]))) throw new EngineError('INTERNAL', `layer ${i} (${this.chainIds[i]}) was not extracted`);
        continue;
      }
      try {
        await this.sn.commit(this.chainIds[i], key, { ...(i === 0 ? {} : { parent: this.chainIds[i - 1] }), size: this.sizes.get(i) });
        this.keys.delete(i);
        this.release(i);
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
    for (const i of [...this.releases.keys()]) this.release(i);
  }
}
