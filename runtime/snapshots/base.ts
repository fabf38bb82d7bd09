// What the overlay and native snapshotters share: snapshot records in a JsonStore
// (<root>/metadata/<key>.json), one numbered directory per snapshot (<root>/<id>/fs), parent
// links, and the rules containerd enforces (no removing a parent, commit only from active).
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { JsonStore } from '../metadata/json-store';
import { EngineError } from '../errors';
import type { Mount } from '../mount/types';
import type { SnapshotInfo, Snapshotter, SnapshotKind, Usage } from './types';
import { diskUsage } from './usage';

export abstract class DirSnapshotter implements Snapshotter {
  abstract readonly name: 'overlayfs' | 'native';
  abstract readonly whiteouts: 'overlay' | 'delete';
  abstract readonly rebase: boolean;
  protected readonly records: JsonStore<SnapshotInfo>;
  /**
   * Committed snapshots never change (containerd: only removal follows a commit), and every
   * container's prepare walks its image's chain of them: kept in memory once read, dropped on
   * remove. Active ones (container layers) are read from disk each time.
   */
  private readonly committed = new Map<string, SnapshotInfo>();
  /** Ids of active snapshots whose commit failed after its first write (see removeChecked). */
  private readonly sharedIds = new Set<number>();
  /** Where allocate() tries next, after the first one read the folder (mkdir stays the lock). */
  private nextId = 0;

  constructor(protected readonly root: string, private readonly now: () => Date = () => new Date()) {
    this.records = new JsonStore<SnapshotInfo>(join(root, 'metadata'));
  }

  /** Populates the new snapshot's directory (overlay: empty upper+work; native: copy parent). */
  protected abstract init(dir: string, parent: SnapshotInfo | undefined): Promise<void>;
  protected abstract mountsFor(info: SnapshotInfo): Promise<Mount[]>;

  protected dir(id: number): string {
    return join(this.root, String(id));
  }

  protected fsDir(id: number): string {
    return join(this.dir(id), 'fs');
  }

  async stat(key: string): Promise<SnapshotInfo> {
    const known = this.committed.get(key);
    if (known) return known;
    const info = await this.records.get(key);
    if (!info) throw new EngineError('NOT_FOUND', `snapshot ${key} not found`);
    if (info.kind === 'committed') this.committed.set(key, info);
    return info;
  }

  prepare(key: string, parent?: string, opts: { labels?: Record<string, string> } = {}): Promise<Mount[]> {
    return this.create('active', key, parent, opts.labels);
  }

  view(key: string, parent: string, opts: { labels?: Record<string, string> } = {}): Promise<Mount[]> {
    return this.create('view', key, parent, opts.labels);
  }

  private async create(kind: SnapshotKind, key: string, parent: string | undefined, labels?: Record<string, string>): Promise<Mount[]> {
    // Two reads that do not depend on each other (the parent's is from memory once read).
    const [exists, p] = await Promise.all([this.records.get(key), parent === undefined ? undefined : this.stat(parent)]);
    if (exists) throw new EngineError('ALREADY_EXISTS', `snapshot ${key} already exists`);
    if (p && p.kind !== 'committed') throw new EngineError('FAILED_PRECONDITION', `parent ${parent} is not a committed snapshot`);
    const id = await this.allocate();
    const info: SnapshotInfo = { key, kind, id, created: this.now().toISOString(), ...(parent ? { parent } : {}), ...(labels ? { labels } : {}) };
    try {
      await this.init(this.dir(id), p);
      await this.records.put(key, info);
    } catch (err) {
      await rm(this.dir(id), { recursive: true, force: true });
      throw err;
    }
    return this.mountsFor(info);
  }

  /** mkdir is the lock: the first to create <root>/<n> owns n. */
  private async allocate(): Promise<number> {
    let id = this.nextId;
    if (id === 0) {
      // Read the folder once; later calls start after the last id handed out (EEXIST moves on,
      // so a directory another process made meanwhile is skipped, not shared).
      await mkdir(this.root, { recursive: true });
      const used = (await readdir(this.root)).filter((n) => /^\d+$/.test(n)).map(Number);
      id = used.length ? Math.max(...used) + 1 : 1;
    }
    for (;; id++) {
      try {
        await mkdir(this.dir(id));
        this.nextId = id + 1;
        return id;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && this.nextId !== 0) { this.nextId = 0; return this.allocate(); } // root removed meanwhile
        if (code !== 'EEXIST') throw err;
      }
    }
  }

  async mounts(key: string): Promise<Mount[]> {
    return this.mountsFor(await this.stat(key));
  }

  async writableDir(key: string): Promise<string> {
    const info = await this.stat(key);
    if (info.kind !== 'active') throw new EngineError('FAILED_PRECONDITION', `snapshot ${key} is not active`);
    return this.fsDir(info.id);
  }

  async commit(name: string, key: string, opts: { parent?: string; size?: number } = {}): Promise<void> {
    const info = await this.stat(key);
    if (info.kind !== 'active') throw new EngineError('FAILED_PRECONDITION', `snapshot ${key} is not active`);
    if (opts.parent !== undefined) await this.checkRebase(key, info, opts.parent);
    if (await this.records.get(name)) throw new EngineError('ALREADY_EXISTS', `snapshot ${name} already exists`);
    const size = opts.size ?? (await diskUsage(this.fsDir(info.id))).size;
    await this.records.put(name, { ...info, key: name, kind: 'committed', size, ...(opts.parent !== undefined ? { parent: opts.parent } : {}) });
    await this.records.delete(key).catch((err: unknown) => { this.sharedIds.add(info.id); throw err; });
  }

  private async checkRebase(key: string, info: SnapshotInfo, parent: string): Promise<void> {
    if (!this.rebase) throw new EngineError('FAILED_PRECONDITION', `the ${this.name} snapshotter cannot commit ${key} onto another parent`);
    if (info.parent !== undefined) throw new EngineError('FAILED_PRECONDITION', `snapshot ${key} already has parent ${info.parent}`);
    if ((await this.stat(parent)).kind !== 'committed') throw new EngineError('FAILED_PRECONDITION', `parent ${parent} is not a committed snapshot`);
  }

  remove(key: string): Promise<void> {
    return this.removeChecked(key, false);
  }

  /**
   * Only a committed snapshot can have children (prepare takes a committed parent), and an
   * active record shares its directory with a committed one only when commit() stopped between
   * its two writes: after a crash (cleanup() at open checks every record: `full`), or when its
   * delete failed (remembered in sharedIds). So removing a container's layer in a running engine
   * reads no other record (it read all of them twice, on every container removal).
   */
  private async removeChecked(key: string, full: boolean): Promise<void> {
    const info = await this.stat(key);
    const quick = info.kind !== 'committed' && !full && !this.sharedIds.has(info.id);
    if (!quick) {
      const child = (await this.list()).find((s) => s.parent === key);
      if (child) throw new EngineError('FAILED_PRECONDITION', `cannot remove snapshot ${key}: ${child.key} depends on it`);
    }
    await this.records.delete(key);
    this.committed.delete(key);
    // A crash between commit's two writes leaves the active and the committed record sharing a
    // directory: dropping the stale one must not delete the committed layer's files.
    if (!quick && (await this.list()).some((s) => s.id === info.id)) return;
    this.sharedIds.delete(info.id);
    await rm(this.dir(info.id), { recursive: true, force: true });
  }

  async list(): Promise<SnapshotInfo[]> {
    return (await this.records.list()).map((r) => r.value);
  }

  async usage(key: string): Promise<Usage> {
    return diskUsage(this.fsDir((await this.stat(key)).id));
  }

  async cleanup(isLeftover: (info: SnapshotInfo) => boolean = () => false): Promise<string[]> {
    const removed: string[] = [];
    for (const s of await this.list()) {
      if (isLeftover(s)) { await this.removeChecked(s.key, true).catch(() => undefined); removed.push(s.key); }
    }
    const known = new Set((await this.list()).map((s) => String(s.id)));
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const n of names) {
      if (/^\d+$/.test(n) && !known.has(n)) { await rm(join(this.root, n), { recursive: true, force: true }); removed.push(n); }
    }
    return removed;
  }

  /** Parent chain, nearest first: [parent, grandparent, ...]. */
  protected async ancestors(info: SnapshotInfo): Promise<SnapshotInfo[]> {
    const out: SnapshotInfo[] = [];
    for (let p = info.parent; p !== undefined;) {
      const s = await this.stat(p);
      out.push(s);
      p = s.parent;
    }
    return out;
  }
}
