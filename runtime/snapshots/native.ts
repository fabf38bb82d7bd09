// The copying snapshotter, for hosts without overlayfs (as containerd's native snapshotter):
// a new snapshot starts as a full copy of its parent, and layers are applied with whiteouts as
// deletions. Mounts are bind mounts of fs/. The copy is `cp -a`, which keeps ownership, modes,
// times, xattrs, device nodes and hard links, and reflinks where the filesystem can.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EngineError } from '../errors';
import type { Mount } from '../mount/types';
import { DirSnapshotter } from './base';
import type { SnapshotInfo } from './types';

const run = promisify(execFile);

export class NativeSnapshotter extends DirSnapshotter {
  readonly name = 'native' as const;
  readonly whiteouts = 'delete' as const;
  readonly rebase = false;

  protected async init(dir: string, parent: SnapshotInfo | undefined): Promise<void> {
    const fs = join(dir, 'fs');
    if (!parent) {
      await mkdir(fs, { mode: 0o755 });
      return;
    }
    try {
      await run('cp', ['-a', '--reflink=auto', this.fsDir(parent.id), fs]);
    } catch (err) {
      throw new EngineError('INTERNAL', `copy snapshot ${parent.key}: ${(err as Error).message}`, { cause: err });
    }
  }

  protected async mountsFor(info: SnapshotInfo): Promise<Mount[]> {
    return [{ type: 'bind', source: this.fsDir(info.id), options: [info.kind === 'active' ? 'rw' : 'ro', 'rbind'] }];
  }
}
