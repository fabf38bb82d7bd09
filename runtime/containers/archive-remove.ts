// Removes a path inside a container (Berth's `DELETE /containers/{id}/archive?path=`, what watch's
// sync sends for a file deleted on the host; Docker has no such call, compose execs `rm -rf`,
// which needs an `rm` in the image). The parent is opened by the kernel inside the container's
// root (runtime/fsafe: openat2 RESOLVE_IN_ROOT); the last component is never followed, so a symlink
// is removed, not its target, and a tree is emptied through its own fds, in slices so a large one
// does not hold the engine's loop.
import { closeSync } from 'node:fs';
import { EngineError } from '../errors';
import { O_DIRECTORY, O_RDONLY, removeAtSliced, splitPath, statAt, type FsafeSyscalls } from '../fsafe/index';
import { timeSlicer } from '../unpack/slices';
import { withRoot } from './archive';

/** Removes container path `p` under `base` (recursively for a directory). False when absent. */
export async function removePath(sys: FsafeSyscalls, base: string, p: string): Promise<boolean> {
  const { parent, name } = splitPath(p);
  if (name === undefined) throw new EngineError('INVALID_ARGUMENT', 'refusing to remove the container root');
  return withRoot(sys, base, async (root) => {
    const dir = root.tryOpen(parent, O_RDONLY | O_DIRECTORY);
    if (dir === undefined) return false;
    try {
      const ref = { dir, name };
      if (statAt(sys, ref) === undefined) return false;
      await removeAtSliced(sys, ref, timeSlicer(() => performance.now()));
      return true;
    } finally {
      closeSync(dir);
    }
  });
}
