// Copy-up: when an empty volume is first mounted over a path with content in the image, the
// content is copied into the volume, as Docker does (daemon/volumes.go copyExistingContents).
// The path is resolved inside the rootfs by the kernel (runtime/fsafe, RESOLVE_IN_ROOT), as the
// container will see it: a volume at /var/run where the image has `/var/run -> /run` copies up
// the image's /run, and a link to a host path can only name something inside the rootfs. The
// resolved directory reaches `cp` as an inherited fd (/proc/self/fd/3), never as a host path.
// `cp -a` keeps owners, modes, times, symlinks (uncopied, -P) and xattrs, which fs.cp does not.
import { closeSync, fstatSync } from 'node:fs';
import { chmod, chown, readdir } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { EngineError } from '../errors';
import { SafeRoot, listDir, O_RDONLY, O_DIRECTORY, type FsafeSyscalls } from '../fsafe/index';

export async function isEmptyDir(dir: string): Promise<boolean> {
  return (await readdir(dir)).length === 0;
}

/** An fd on directory `target` of the rootfs, or undefined when absent or not a directory. */
function openSource(sys: FsafeSyscalls, rootfs: string, target: string): number | undefined {
  const root = SafeRoot.open(sys, rootfs);
  try {
    return root.tryOpen(target, O_RDONLY | O_DIRECTORY);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOTDIR') return undefined;
    throw new EngineError('INVALID_ARGUMENT', `copy-up of ${target}: ${(err as Error).message}`, { cause: err });
  } finally {
    root.close();
  }
}

function cpFromFd(fd: number, dest: string, target: string): Promise<void> {
  return new Promise<void>((res, rej) => {
    const child = spawn('cp', ['-a', '--', '/proc/self/fd/3/.', `${dest}/`], { stdio: ['ignore', 'ignore', 'pipe', fd] });
    let err = '';
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', (e) => rej(new EngineError('INTERNAL', `copy-up of ${target}: ${e.message}`, { cause: e })));
    child.on('close', (code) => (code === 0 ? res() : rej(new EngineError('INTERNAL', `copy-up of ${target} failed: ${err.trim()}`))));
  });
}

/**
 * Copies rootfs:target into dest when dest is empty and the source is a directory. An empty
 * source still gives the volume its owner and mode, as Docker's copyOwnership does (a database
 * image's empty, postgres-owned data directory makes a volume the server can write).
 */
export async function copyUp(sys: FsafeSyscalls, rootfs: string, target: string, dest: string): Promise<boolean> {
  if (!(await isEmptyDir(dest))) return false;
  const fd = openSource(sys, rootfs, target);
  if (fd === undefined) return false;
  try {
    const st = fstatSync(fd);
    if (!st.isDirectory()) return false;
    if (listDir(fd).length === 0) {
      await chown(dest, st.uid, st.gid);
      await chmod(dest, st.mode & 0o7777);
      return false;
    }
    await cpFromFd(fd, dest, target);
    return true;
  } finally {
    closeSync(fd);
  }
}
