// runtime/images: the engine's images noun.
//
//   const images = await ImageService.open({ root, sys: createSyscalls(), containersUsing })
//   images.load(readable | { dir })       → [{ id, repoTags }]   docker-archive, oci-archive (gzip
//                                            or not) or an OCI layout directory; blobs verified,
//                                            layers unpacked once per chain id
//   images.import(rootfsTar, { ref, changes, message }) → { id, repoTags }
//   images.save(refs)                     → Readable docker-archive (loadable by `docker load`)
//   images.list()                         → ImageSummary[]      (Docker API shapes, api/types.ts)
//   images.inspect(ref)                   → ImageInspect
//   images.history(ref)                   → ImageHistoryItem[]
//   images.tag(source, target)            moves target onto source's image
//   images.remove(ref, { force, noPrune }) → ImageDeleteItem[]  CONFLICT when in use / ambiguous
//   images.prune({ all })                 → ImagePruneResponse (then GC of blobs + snapshots)
//   images.gc()                           → { blobs, snapshots, reclaimed }
//   images.get(ref) / images.imageConfig(ref) → { record, config }  for the containers service:
//     config.config has Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Volumes, Labels,
//     StopSignal, Healthcheck; rootfs = images.snapshotter.prepare(containerId, topChainId(record))
//     then mountAll(sys, mounts, rootfsDir) from runtime/mount.
// Refs accept ids (sha256:…, hex, unique prefix), names (busybox → docker.io/library/busybox:latest)
// and name@sha256:….  Errors are EngineError: NOT_FOUND, INVALID_ARGUMENT, CONFLICT.
export { ImageService, topChainId } from './service';
export type { ImageServiceOptions } from './service';
export type { LoadedImage, LoadSource } from './load';
export type { ImportOptions } from './import';
export type { PullTarget } from './pull-target';
export type { StagedImage } from './ingest';
export type { NewImage } from './create';
export type { RemoveOptions } from './remove';
export type { GcResult } from './gc';
export type { ImageRecord, LayerRecord } from './record';
export type { ImageConfig, ContainerDefaults, HistoryEntry } from './image-config';
export { parseImageConfig } from './image-config';
export { parseReference, normalizeName, familiarName, formatReference, withDefaultTag, repository } from './reference';
export type { Reference } from './reference';
export { MT } from './media-types';
export type { Descriptor, Manifest, Index } from './media-types';
