// The file watcher: one chokidar watcher over every rule's path, pruning what every rule that holds
// a path ignores (node_modules and the like are never walked nor watched), no polling unless asked
// (`--poll`, for filesystems without inotify events). Changes are reported as they come; batching
// is the caller's. Running out of inotify watches is reported with the sysctl to raise.
import { watch, type FSWatcher } from 'chokidar';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../errors';
import { inside, type PathFilter } from './ignore';
import type { WatchRule } from './rules';
import type { Change } from './classify';

export interface FsWatcherOptions {
  rules: readonly WatchRule[];
  filters: ReadonlyMap<WatchRule, PathFilter>;
  poll?: boolean;
  onChange: (c: Change) => void;
  onError: (err: Error) => void;
}

/** Resolves once the initial scan is done (events from then on are changes). */
export async function startFsWatcher(o: FsWatcherOptions): Promise<FSWatcher> {
  const roots = [...new Set(o.rules.map((r) => r.path))];
  const pruned = (p: string): boolean => {
    const holders = o.rules.filter((r) => inside(r.path, p) !== undefined);
    return holders.length > 0 && holders.every((r) => o.filters.get(r)?.prunes(p) ?? false);
  };
  const w = watch(roots, { ignoreInitial: true, ignored: pruned, usePolling: o.poll === true, interval: 100, persistent: true });
  const emit = (dir: boolean) => (path: string): void => o.onChange({ path, dir });
  w.on('add', emit(false)).on('change', emit(false)).on('unlink', emit(false));
  w.on('addDir', emit(true)).on('unlinkDir', emit(true));
  w.on('error', (err: unknown) => { void explain(err as NodeJS.ErrnoException, () => countDirs(roots, pruned)).then(o.onError); });
  await new Promise<void>((resolve) => w.once('ready', () => resolve()));
  return w;
}

/** ENOSPC from inotify means the per-user watch limit: say which sysctl, its value, and what this watch needs. */
export async function explain(err: NodeJS.ErrnoException, needed: () => Promise<number>): Promise<Error> {
  if (err.code !== 'ENOSPC' && err.code !== 'EMFILE') return err;
  const limit = (await readFile('/proc/sys/fs/inotify/max_user_watches', 'utf8').catch(() => '?')).trim();
  const dirs = await needed().catch(() => undefined);
  return new CoreError('UNAVAILABLE', `the inotify watch limit is reached (fs.inotify.max_user_watches = ${limit}` +
    `${dirs === undefined ? '' : `; this watch needs about ${dirs}, beside what other watchers of this user hold`}): ` +
    `raise it, e.g. \`sysctl fs.inotify.max_user_watches=${Math.max(524288, (dirs ?? 0) * 2)}\`, ignore large folders in the rule, or watch with --poll`, { cause: err });
}

/** The directories the watcher needs one inotify watch for (what it does not prune). */
export async function countDirs(roots: string[], pruned: (p: string) => boolean): Promise<number> {
  let n = 0;
  const walk = async (dir: string): Promise<void> => {
    n++;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory() && !pruned(join(dir, e.name))) await walk(join(dir, e.name));
  };
  for (const r of roots) await walk(r);
  return n;
}
