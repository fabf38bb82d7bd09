// Removes a path inside a container (Berth's `DELETE /containers/{id}/archive?path=`, what watch's
// sync sends for a file deleted on the host; Docker has no such call, compose execs `rm -rf`,
// which needs an `rm` in the image). The parent is resolved inside the container's root like every
// archive path; the last component is never followed, so a symlink is removed, not its target.
import { rm, lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import { EngineError } from '../errors';
import { resolveInScope } from './archive';

/** Removes container path `p` under `base` (recursively for a directory). False when absent. */
export async function removePath(base: string, p: string): Promise<boolean> {
  const clean = posix.normalize(`/${p}`);
  if (clean === '/') throw new EngineError('INVALID_ARGUMENT', 'refusing to remove the container root');
  const host = await resolveInScope(base, clean, false);
  const st = await lstat(host).catch(() => undefined);
  if (st === undefined) return false;
  await rm(host, { recursive: true, force: true });
  return true;
}
