// What the image service's steps share, passed explicitly (no module state): the stores, the
// snapshotter, the syscalls, a clock, a scratch directory for archives, the record lock, and
// leases: digests and chain ids a load is still writing, which GC must not collect.
import type { LayerApplier } from '../unpack';
import type { ContentStore } from '../content/store';
import type { Snapshotter } from '../snapshots/types';
import type { Syscalls } from '../mount/syscalls';
import type { ImageStore } from './image-store';
import type { Mutex } from './mutex';
import type { GcGate } from './gate';

export interface ImageContext {
  content: ContentStore;
  snapshotter: Snapshotter;
  sys: Syscalls;
  store: ImageStore;
  now: () => Date;
  /** Scratch space on the same filesystem as the state (archives are unpacked here). */
  scratch: string;
  lock: Mutex;
  /** Ingests shared, GC exclusive (gate.ts). */
  gate: GcGate;
  /** One set per load or import in progress. */
  leases: Set<Set<string>>;
  platform: { os: string; architecture: string };
  /** How many containers use an image id (removal refuses with CONFLICT while > 0). */
  containersUsing: (imageId: string) => Promise<number>;
  /** Upper bounds for hostile input: an uncompressed layer, an uncompressed image archive. */
  limits: { maxLayerBytes?: number; maxArchiveBytes?: number };
  /** Where a pull's layers are unpacked (unpack worker threads); on the daemon's thread when absent. */
  applier?: LayerApplier;
}
