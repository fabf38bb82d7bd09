// The engine's record of one image, keyed by image id (the config digest), as Docker keys its
// image store. Names point at records; content lives in the content store; unpacked layers in
// the snapshotter under chainIds.
import type { Descriptor } from './media-types';

export interface LayerRecord {
  /** The blob as stored (maybe compressed). */
  digest: string;
  mediaType: string;
  size: number;
  /** sha256 of the uncompressed tar. */
  diffId: string;
}

/**
 * The index (OCI index or Docker manifest list) a pulled image came from. `blobs` names every
 * digest of it the content store holds (the index, child manifests, their configs and layers),
 * so GC keeps them without parsing; after a pull of one platform that is the index and that
 * platform's blobs, after `pull --all-platforms` every platform's.
 */
export interface IndexRecord {
  digest: string;
  mediaType: string;
  size: number;
  blobs: string[];
}

export interface ImageRecord {
  /** sha256:<hex> of the config blob: Docker's image id. */
  id: string;
  /** Normalised names: docker.io/library/busybox:latest. */
  repoTags: string[];
  /** Normalised name@digest entries (pulled or loaded with a manifest digest). */
  repoDigests: string[];
  manifest: Descriptor;
  config: Descriptor;
  layers: LayerRecord[];
  chainIds: string[];
  /** Bytes of the unpacked layers (Docker's Size). */
  size: number;
  /** When the engine first stored it. */
  loadedAt: string;
  lastTagTime?: string;
  /** Absent on records written before indexes were kept, and on loaded or built images. */
  index?: IndexRecord;
}

/** The index part a commit leaves on a record: the same index gains blobs, another replaces it. */
export function mergeIndex(old: IndexRecord | undefined, fresh: IndexRecord | undefined): IndexRecord | undefined {
  if (!fresh) return old;
  if (!old || old.digest !== fresh.digest) return fresh;
  return { ...fresh, blobs: [...new Set([...old.blobs, ...fresh.blobs])] };
}
