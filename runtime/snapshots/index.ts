// runtime/snapshots: unpacked layer stacks and container rootfs snapshots.
//   createSnapshotter(sys, root, {prefer?}) → {snapshotter, probe}: overlayfs if a probe mount
//     works under root, else native (copying).
//   Snapshotter: prepare(key, parent?) → Mount[] (active, writable), view(key, parent),
//     commit(name, key), remove(key), stat, list, usage, mounts, writableDir(key), cleanup().
//   Committed layer snapshots are keyed by chain id (see runtime/unpack unpackLayers).
// A container rootfs: `mounts = await sn.prepare(containerId, topChainId)`, then
// `mountAll(sys, mounts, rootfsDir)`; on removal `unmountAll(sys, rootfsDir)` and
// `sn.remove(containerId)`.
export type { Snapshotter, SnapshotInfo, SnapshotKind, Usage } from './types';
export { OverlaySnapshotter } from './overlay';
export { NativeSnapshotter } from './native';
export { createSnapshotter, probeOverlay } from './probe';
export type { ProbeResult, SnapshotterChoice } from './probe';
export { diskUsage } from './usage';
