// Copy-up: when an empty volume is first mounted over a path with content in the image, the
// content is copied into the volume, as Docker does (daemon/volumes.go copyExistingContents).
// `cp -a` keeps owners, modes, times, symlinks and xattrs, which node's fs.cp does not.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { spawn } from 'node:child_process';
import { EngineError } from '../errors';

export async function isEmptyDir(dir: string): Promise<boolean> {
  return (await readdir(dir)).length === 0;
}

/** The path inside the rootfs, refusing symlinks that lead out of it. */
export async function pathInRootfs(rootfs: string, target: string): Promise<string | undefined> {
  const root = await realpath(rootfs);
  const real = await realpath(join(root, resolve('/', target))).catch(() => undefined);
  if (!real) return undefined;
  if (real !== root && !real.startsWith(root + sep)) throw new EngineError('INVALID_ARGUMENT', `${target} leaves the container's root filesystem`);
  return real;
}

/** Copies rootfs:target into dest when dest is empty and the source is a non-empty directory. */
export async function copyUp(rootfs: string, target: string, dest: string): Promise<boolean> {
  if (!(await isEmptyDir(dest))) return false;
  const src = await pathInRootfs(rootfs, target);
  if (!src || !(await stat(src)).isDirectory() || (await isEmptyDir(src))) return false;
  await new Promise<void>((res, rej) => {
    const child = spawn('cp', ['-a', '--', `${src}/.`, `${dest}/`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', (e) => rej(new EngineError('INTERNAL', `copy-up of ${target}: ${e.message}`, { cause: e })));
    child.on('close', (code) => (code === 0 ? res() : rej(new EngineError('INTERNAL', `copy-up of ${target} failed: ${err.trim()}`))));
  });
  return true;
}
