// Snapshots, as containerd's core/snapshots: a committed snapshot is an unpacked layer stack
// (keyed by its chain id, read-only, shareable); an active snapshot is a writable layer on top
// of a parent (a container's rootfs, or a layer being unpacked); a view is a read-only one.
// A snapshotter returns Mounts and never mounts: runtime/mount does that.
import type { Mount } from '../mount/types';

export type SnapshotKind = 'committed' | 'active' | 'view';

export interface SnapshotInfo {
  key: string;
  kind: SnapshotKind;
  /** Key of the parent committed snapshot; absent for a base layer. */
  parent?: string;
  /** Numeric directory id: <root>/snapshots/<id>/fs (short, to keep overlay options small). */
  id: number;
  created: string;
  labels?: Record<string, string>;
  /** Bytes used by this snapshot's own layer; computed at commit. */
  size?: number;
}

export interface Usage {
  size: number;
  inodes: number;
}

export interface Snapshotter {
  readonly name: 'overlayfs' | 'native';
  /** How layer whiteouts must be written into this snapshotter's writable dirs. */
  readonly whiteouts: 'overlay' | 'delete';
  /**
   * Whether commit may give a snapshot prepared without a parent its parent (containerd's
   * rebase): true where a layer's directory does not depend on its parent's (overlay), so the
   * layers of an image can be unpacked side by side and stacked when committed.
   */
  readonly rebase: boolean;
  stat(key: string): Promise<SnapshotInfo>;
  /** A writable snapshot on `parent` (a committed key); returns the mounts for its rootfs. */
  prepare(key: string, parent?: string, opts?: { labels?: Record<string, string> }): Promise<Mount[]>;
  /** A read-only snapshot on `parent`. */
  view(key: string, parent: string, opts?: { labels?: Record<string, string> }): Promise<Mount[]>;
  mounts(key: string): Promise<Mount[]>;
  /**
   * Turns the active snapshot `key` into the committed snapshot `name`. ALREADY_EXISTS if taken.
   * `size`: its disk usage, when the caller measured it already (an unpack, off the engine's thread).
   */
  commit(name: string, key: string, opts?: { parent?: string; size?: number }): Promise<void>;
  /** FAILED_PRECONDITION while another snapshot has it as parent. */
  remove(key: string): Promise<void>;
  list(): Promise<SnapshotInfo[]>;
  usage(key: string): Promise<Usage>;
  /** The directory a layer is applied into, for an active snapshot (its upper dir). */
  writableDir(key: string): Promise<string>;
  /** Removes directories without a record and active snapshots left by an interrupted unpack. */
  cleanup(isLeftover?: (info: SnapshotInfo) => boolean): Promise<string[]>;
}
