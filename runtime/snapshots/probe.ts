// Choosing the snapshotter by trying, as containerd's overlayutils.Supported does: mount a
// two-lower overlay with an upper under the state root (the filesystem that will hold the
// layers) and unmount it. Any failure (no overlay module, an upper filesystem that cannot
// hold trusted xattrs or whiteouts, no privilege) selects the native copying snapshotter.
import { mkdir, mkdtemp, rm, writeFile, readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Syscalls } from '../mount/syscalls';
import { mountAll, unmountAll } from '../mount/mount';
import { OverlaySnapshotter } from './overlay';
import { NativeSnapshotter } from './native';
import type { Snapshotter } from './types';

export interface ProbeResult {
  overlay: boolean;
  reason?: string;
}

/** A probe interrupted by a crash may have left its overlay mounted: unmount, then remove. */
async function removeStaleProbes(sys: Syscalls, dir: string): Promise<void> {
  for (const n of await readdir(dir)) {
    if (!n.startsWith('.probe-')) continue;
    unmountAll(sys, join(dir, n, 'm'));
    await rm(join(dir, n), { recursive: true, force: true });
  }
}

export async function probeOverlay(sys: Syscalls, dir: string): Promise<ProbeResult> {
  await mkdir(dir, { recursive: true });
  await removeStaleProbes(sys, dir);
  const base = await mkdtemp(join(dir, '.probe-'));
  const [l1, l2, upper, work, merged] = ['l1', 'l2', 'u', 'w', 'm'].map((n) => join(base, n));
  try {
    for (const d of [l1, l2, upper, work, merged]) await mkdir(d);
    await writeFile(join(l2, 'f'), 'lower');
    mountAll(sys, [{ type: 'overlay', source: 'overlay', options: [`lowerdir=${l1}:${l2}`, `upperdir=${upper}`, `workdir=${work}`] }], merged);
    try {
      if ((await readFile(join(merged, 'f'), 'utf8')) !== 'lower') return { overlay: false, reason: 'overlay merge did not show the lower file' };
    } finally {
      unmountAll(sys, merged);
    }
    return { overlay: true };
  } catch (err) {
    return { overlay: false, reason: (err as Error).message };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

export interface SnapshotterChoice {
  snapshotter: Snapshotter;
  probe: ProbeResult;
}

/**
 * The snapshotter for `root`: overlayfs when the probe succeeds (or `prefer` says so and it
 * works), native otherwise or when `prefer` is "native".
 */
export async function createSnapshotter(sys: Syscalls, root: string, opts: { prefer?: 'overlayfs' | 'native'; now?: () => Date } = {}): Promise<SnapshotterChoice> {
  if (opts.prefer === 'native') return { snapshotter: new NativeSnapshotter(join(root, 'native'), opts.now), probe: { overlay: false, reason: 'native requested' } };
  const probe = await probeOverlay(sys, root);
  if (!probe.overlay) return { snapshotter: new NativeSnapshotter(join(root, 'native'), opts.now), probe };
  // index=off as containerd sets it: the same lower dirs are shared by many overlays.
  const extra = existsSync('/sys/module/overlay/parameters/index') ? ['index=off'] : [];
  return { snapshotter: new OverlaySnapshotter(join(root, 'overlayfs'), opts.now, extra), probe };
}
