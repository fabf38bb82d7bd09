// Removing what an earlier entry (or a lower copy, in delete mode) left at a path before writing
// over it: through the fd of its verified parent and fsafe's iterative, link-safe removal, so a
// legit layer that replaces a directory thousands of levels deep with a file does not overflow
// the stack (Node's recursive rmSync did) nor walk ever longer paths.
import { closeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { removeAtSliced } from '../fsafe/entries';
import { type FsafeSyscalls, AT_FDCWD, O_CLOEXEC, O_DIRECTORY, O_PATH } from '../fsafe/libc';

/** rm -rf `path` (its parent a directory this unpack verified; short path from safe-resolve). */
export async function removeTree(sys: FsafeSyscalls, path: string, maybeYield: () => Promise<void> | undefined): Promise<void> {
  const dir = sys.openat2(AT_FDCWD, dirname(path), O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0);
  try {
    await removeAtSliced(sys, { dir, name: basename(path) }, maybeYield);
  } finally {
    closeSync(dir);
  }
}
