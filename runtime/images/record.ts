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
}
