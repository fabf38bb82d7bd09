// The second half of a container removal: what no API call can observe (the runtime's state and
// cgroup, the network namespace, the rootfs mount, the container's dirs) is released after the
// container is already gone from the API, off the caller's critical path (`docker run --rm` waits
// for condition=removed). Crash safety by a journal, as containerd's garbage collector works from
// its metadata: the entry <root>/containers/teardown/<id>.json is written before the record goes,
// and deleted only when every release succeeded. A new service finishes what is left at `open`.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile } from '../metadata/atomic-file';
import type { ContainerRecord } from './record';
import type { MountProvider, NetworkHook, RootfsProvider } from './providers';
import { writeRecordNoSync } from './record-write';

export interface TeardownEntry {
  record: ContainerRecord;
  /** `rm -v` / AutoRemove: anonymous volumes go too (released at once; again here if that failed). */
  removeAnonymous: boolean;
}

/** What the releases need; each of them is idempotent (things may already be gone). */
export interface TeardownDeps {
  tasks: { delete(id: string, cgroupsPath: string, force?: boolean): Promise<number> };
  rootfs: RootfsProvider;
  mounts: MountProvider;
  network?: NetworkHook;
  socketDir(rec: ContainerRecord): string;
}

/** What the removal already started: an exit's runtime delete, or the network release it queued. */
export interface StartedReleases {
  /** The runtime delete an exit began, with the network release beside it (see finishExit). */
  deleting?: Promise<void>;
  network?: Promise<void>;
}

/**
 * Every release, side by side (no process holds the rootfs, volumes or dirs any more). An exit's
 * `deleting` only logs its failures, so the runtime's delete is asked again after it (a no-op once
 * the runtime forgot the container). Rejects with every failure, so the journal entry stays for
 * the next try.
 */
export async function releaseContainer(d: TeardownDeps, e: TeardownEntry, started: StartedReleases = {}): Promise<void> {
  const rec = e.record;
  const runtime = started.deleting
    ? started.deleting.then(() => d.tasks.delete(rec.id, rec.cgroupsPath, true))
    : Promise.all([d.tasks.delete(rec.id, rec.cgroupsPath, true), started.network ?? d.network?.releaseNetwork(rec.id)]);
  const results = await Promise.allSettled([
    runtime,
    // A container with no mounts has no volume record to read (see ContainerMounts.resolve).
    rec.mounts.length ? d.mounts.release(rec.id, { removeAnonymous: e.removeAnonymous }) : undefined,
    d.rootfs.release(rec.id),
    rm(rec.dir, { recursive: true, force: true }),
    rm(d.socketDir(rec), { recursive: true, force: true }),
  ]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
  if (failed.length) throw new AggregateError(failed, failed.map((f) => f.message).join('; '));
}

export interface TeardownQueueOptions {
  /** <root>/containers: the journal is its `teardown` dir, records are in `records`. */
  dir: string;
  run: (e: TeardownEntry, started?: StartedReleases) => Promise<void>;
  log?: (msg: string) => void;
  /** Tests: awaited after the journal entry is written and before the releases (a crash window). */
  beforeTeardown?: (id: string) => Promise<void>;
}

export class TeardownQueue {
  private readonly pending = new Map<string, Promise<void>>();
  private readonly journalDir: string;
  private readonly recordsDir: string;
  private made: Promise<unknown> | undefined;

  constructor(private readonly o: TeardownQueueOptions) {
    this.journalDir = join(o.dir, 'teardown');
    this.recordsDir = join(o.dir, 'records');
  }

  /**
   * Journal first: the entry is written (renamed into place, never torn) before the record file
   * goes, so a crash in between leaves both and `entries` lets the teardown win. No fsync: the
   * teardown guards against an engine crash; after a power loss nothing it releases (mounts,
   * netns, cgroups) survives, and a record found again is still removable.
   */
  async journal(e: TeardownEntry): Promise<void> {
    this.made ??= mkdir(this.journalDir, { recursive: true });
    await this.made;
    await writeRecordNoSync(this.journalDir, e.record.id, e);
    await rm(join(this.recordsDir, `${e.record.id}.json`), { force: true });
  }

  /** Runs the releases in the background (after the caller's reply is out); the entry goes when all succeeded. */
  begin(e: TeardownEntry, started?: StartedReleases): void {
    const id = e.record.id;
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.o.beforeTeardown?.(id))
      .then(() => this.o.run(e, started))
      .then(() => rm(join(this.journalDir, `${id}.json`), { force: true }))
      .catch((err: Error) => this.o.log?.(`container ${id}: teardown left for the next start of the engine: ${err.message}`))
      .finally(() => { if (this.pending.get(id) === done) this.pending.delete(id); });
    this.pending.set(id, done);
  }

  /** Resolves when no teardown is pending (failed ones count as settled: they wait in the journal). */
  async quiesce(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending.values());
  }

  /** The journal as found at open (a crashed engine's unfinished teardowns). */
  async entries(): Promise<TeardownEntry[]> {
    const names = await readdir(this.journalDir).catch(() => [] as string[]);
    const out: TeardownEntry[] = [];
    for (const n of names.filter((x) => x.endsWith('.json') && !x.startsWith('.'))) {
      const e = await readJsonFile<TeardownEntry>(join(this.journalDir, n)).catch(() => undefined);
      if (e?.record?.id) out.push(e);
    }
    return out;
  }

  /** Takes up a journalled teardown (at open; `quiesce` then waits for it); its record file goes first. */
  async resume(e: TeardownEntry): Promise<void> {
    await rm(join(this.recordsDir, `${e.record.id}.json`), { force: true });
    this.begin(e);
  }
}
