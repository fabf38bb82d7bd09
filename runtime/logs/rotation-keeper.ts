// Keeps the files conmon's size rotation would drop. At --log-size-max conmon opens <log>.tmp and
// renames it over <log>: the full file's inode loses its last name. A hidden hard link
// (<log>.live) keeps a name on the live inode; when the path's inode changes, the link becomes
// <log>.1 (older ones shift to .2, .3...; past max-file - 1 they go) and the new live file gets
// the link. What a second rotation between two checks replaced is lost, as with Docker's
// json-file when a reader is too slow; the watch makes that window small.
import { link, rename, rm, stat } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

const inodeOf = (p: string): Promise<number | undefined> => stat(p).then((s) => s.ino, () => undefined);

/** <log>.N for N in 1..count, newest first. */
export function rotatedFiles(path: string, count: number): string[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => `${path}.${i + 1}`);
}

export class RotationKeeper {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly path: string, private readonly maxFile: number, private readonly pollMs = 1000) {}

  /** Starts keeping (a no-op for max-file 1: nothing rotated is kept, as Docker). */
  async start(): Promise<void> {
    if (this.maxFile <= 1) return;
    await this.check();
    const base = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), (_e, name) => { if (name === base) this.schedule(); });
      this.watcher.on('error', () => undefined);
      this.watcher.unref();
    } catch { /* the directory is gone: the poll below still runs */ }
    this.timer = setInterval(() => this.schedule(), this.pollMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.watcher?.close();
    clearInterval(this.timer);
    return this.busy;
  }

  private schedule(): void {
    this.busy = this.busy.then(() => this.check()).catch(() => undefined);
  }

  /** One step: link the live file when unlinked, rotate when conmon replaced it. */
  private async check(): Promise<void> {
    const live = `${this.path}.live`;
    const [cur, kept] = await Promise.all([inodeOf(this.path), inodeOf(live)]);
    if (cur === undefined || cur === kept) return;
    if (kept !== undefined) await this.shift(live);
    await link(this.path, live).catch(() => undefined);
  }

  /** .N-1 → .N ... .1 → .2, then the old live inode becomes .1; the oldest past max-file goes. */
  private async shift(live: string): Promise<void> {
    const names = rotatedFiles(this.path, this.maxFile - 1);
    await rm(names[names.length - 1], { force: true });
    for (let i = names.length - 1; i > 0; i--) await rename(names[i - 1], names[i]).catch(() => undefined);
    await rename(live, names[0]);
  }
}
