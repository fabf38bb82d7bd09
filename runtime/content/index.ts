// runtime/content: sha256 blobs, verified on ingest, written atomically.
//   new ContentStore(root): ingest(source, {digest?, size?}) → {digest, size}; read, readStream,
//   path, info, has, delete, list, cleanIngest.
export { ContentStore } from './store';
export type { BlobInfo, Expected, BlobSource } from './store';
export { digestOf, parseDigest, isDigest, encoded } from './digest';
export type { Digest } from './digest';
