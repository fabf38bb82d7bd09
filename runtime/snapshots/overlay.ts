// Overlayfs snapshots, as containerd's overlay snapshotter: each snapshot owns fs/ (the layer's
// files, used as upperdir while active) and work/; the rootfs of an active snapshot is
// `overlay lowerdir=<parent fs>:<grandparent fs>:...,upperdir=fs,workdir=work`. A base layer
// with no parent is a bind mount of fs/, and a view on a single layer a read-only bind, because
// overlay needs two lower dirs when it has no upper.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mount } from '../mount/types';
import { DirSnapshotter } from './base';
import type { SnapshotInfo } from './types';

export class OverlaySnapshotter extends DirSnapshotter {
  readonly name = 'overlayfs' as const;
  readonly whiteouts = 'overlay' as const;
  readonly rebase = true;

  /** `extraOptions` e.g. ["index=off"], as containerd adds where the module supports it. */
  constructor(root: string, now?: () => Date, private readonly extraOptions: string[] = []) {
    super(root, now);
  }

  protected async init(dir: string): Promise<void> {
    // Siblings: made side by side (the record, written after, is what makes the snapshot exist).
    await Promise.all([mkdir(join(dir, 'fs'), { mode: 0o755 }), mkdir(join(dir, 'work'), { mode: 0o700 })]);
  }

  protected async mountsFor(info: SnapshotInfo): Promise<Mount[]> {
    const parents = await this.ancestors(info);
    const fs = this.fsDir(info.id);
    if (parents.length === 0) {
      const ro = info.kind !== 'active';
      return [{ type: 'bind', source: fs, options: [ro ? 'ro' : 'rw', 'rbind'] }];
    }
    const lowers = parents.map((p) => this.fsDir(p.id));
    if (info.kind === 'active') {
      return [{
        type: 'overlay', source: 'overlay',
        options: [...this.extraOptions, `workdir=${join(this.dir(info.id), 'work')}`, `upperdir=${fs}`, `lowerdir=${lowers.join(':')}`],
      }];
    }
    if (lowers.length === 1) return [{ type: 'bind', source: lowers[0], options: ['ro', 'rbind'] }];
    return [{ type: 'overlay', source: 'overlay', options: [...this.extraOptions, `lowerdir=${lowers.join(':')}`] }];
  }
}
