// runtime/unpack: layer tarballs (gzip or plain) → directory trees, safely.
//   applyLayer(stream, root, {sys, whiteouts: 'overlay' | 'delete'}) → {diffId, size, entries}
// Refusals are EngineError INVALID_ARGUMENT "unsafe layer entry ...": "..", absolute names,
// writes through symlinks, hard links outside the layer, over-long names, overlay-private xattrs.
// Symlink targets are kept as written (never followed). Nothing is written outside `root`.
export { applyLayer } from './apply-layer';
export type { ApplyOptions, ApplyResult } from './apply-layer';
export { detectCompression, decompressStream } from './decompress';
export type { Compression } from './decompress';
export { OPAQUE, WHITEOUT_PREFIX } from './whiteout';
export type { WhiteoutMode } from './whiteout';
export { unpackLayers, EXTRACT_PREFIX } from './unpacker';
export type { LayerSource, UnpackResult } from './unpacker';
export { chainIds } from './chain-id';
export { ParallelUnpack, ChainOwners } from './parallel-unpack';
export type { LayerInput, ParallelUnpackOptions } from './parallel-unpack';
export { UnpackWorkers } from './worker-pool';
export type { LayerApplier, ApplyRequest } from './worker-pool';
export { recordAndApply, applyRecorded } from './record-blob';
export { gathered } from './gather';
export type { BlobSink, RecordedBlob, Recorded } from './record-blob';
export { hashLayer } from './hash-layer';
export { entryComponents } from './entry-path';
export { resolveParent, lstatOrUndefined, VerifiedDirs } from './safe-resolve';
