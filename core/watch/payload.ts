// What a sync sends, built from the host as it is now (compose's "stat at sync time"): every item
// that exists becomes a tar entry at its container path (a directory from a watcher event brings its
// whole tree, minus ignored paths), every item that is gone becomes a deletion. The tar's entry
// names are container paths without the leading slash; it is put at `/`.
import { lstat, readdir, readlink } from 'node:fs/promises';
import { createReadStream, lstatSync, readFileSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { PathFilter } from './ignore';
import type { SyncItem } from './classify';

export interface PayloadEntry {
  host: string;
  container: string;
  /** Directories from watcher events are sent with their tree; entries from a tree compare are not. */
  recursive: boolean;
}

export interface Payload {
  /** Files, links and directories to write, by container path (last one wins). */
  writes: PayloadEntry[];
  /** Container paths to remove, outermost first. */
  deletes: string[];
}

/** Stats every item now; a path that is gone becomes a deletion. */
export async function buildPayload(items: readonly SyncItem[], recursive: boolean): Promise<Payload> {
  const writes = new Map<string, PayloadEntry>();
  const deletes = new Set<string>();
  for (const it of items) {
    const st = await lstat(it.host).catch(() => undefined);
    if (st === undefined) { deletes.add(it.container); writes.delete(it.container); continue; }
    deletes.delete(it.container);
    writes.set(it.container, { host: it.host, container: it.container, recursive: recursive && st.isDirectory() });
  }
  return { writes: withinTrees([...writes.values()]), deletes: outermost([...deletes]) };
}

/** Drops entries a recursive directory entry of the same payload already sends (a new tree's files). */
function withinTrees(writes: PayloadEntry[]): PayloadEntry[] {
  const trees = writes.filter((w) => w.recursive).map((w) => `${w.container.replace(/\/+$/, '')}/`);
  if (trees.length === 0) return writes;
  return writes.filter((w) => !trees.some((t) => w.container.startsWith(t)));
}

/** Drops deletions inside another deleted path (removing the parent removes them). */
function outermost(paths: string[]): string[] {
  const sorted = paths.sort((a, b) => a.length - b.length);
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q.endsWith('/') ? q : `${q}/`)));
}

/**
 * The tar of `p.writes`; resolves `files` once packed. `filters` skip ignored paths inside trees.
 */
export function packPayload(p: Payload, filterOf: (host: string) => PathFilter | undefined): { stream: Readable; done: Promise<number> } {
  const pack = tar.pack();
  const done = (async () => {
    let files = 0;
    try {
      for (const w of p.writes) files += await addEntry(pack, w.host, w.container.replace(/^\/+/, ''), w.recursive ? filterOf(w.host) : undefined, w.recursive);
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
      throw err;
    }
    return files;
  })();
  done.catch(() => undefined);
  return { stream: Readable.from(pack as AsyncIterable<Buffer>), done };
}

/**
 * A small file read synchronously: for source files the thread-pool round trips of an async read
 * cost more than the read itself (500 files: 160 ms async, a few ms like this).
 */
function readWhole(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Files up to this size are read whole; bigger ones are streamed. */
const WHOLE_READ_MAX = 1 << 20;

async function addEntry(pack: tar.Pack, host: string, name: string, filter: PathFilter | undefined, recursive: boolean): Promise<number> {
  const st = lstatOrUndefined(host);
  if (st === undefined) return 0; // gone since the batch was built: the next batch deletes it
  const common = { name, mode: st.mode & 0o7777, mtime: st.mtime };
  if (st.isSymbolicLink()) { pack.entry({ ...common, type: 'symlink', linkname: await readlink(host) }); return 0; }
  if (st.isFile()) {
    // Small files (source code) in one read: a stream per file costs ~1 ms each, most of a
    // 500-file branch switch. The size is what was read, so a file that changed since the lstat
    // still makes a well-formed entry (the next batch sends its final content).
    if (st.size <= WHOLE_READ_MAX) {
      const data = readWhole(host);
      if (data === undefined) return 0; // gone since the lstat: the next batch deletes it
      pack.entry({ ...common, type: 'file', size: data.length }, data);
      return 1;
    }
    const entry = pack.entry({ ...common, type: 'file', size: st.size });
    await pipeline(createReadStream(host), entry);
    return 1;
  }
  if (!st.isDirectory()) return 0; // sockets, fifos, devices: nothing to send
  pack.entry({ ...common, type: 'directory' });
  if (!recursive) return 0;
  let files = 0;
  for (const child of (await readdir(host)).sort()) {
    const h = join(host, child);
    const childSt = await lstat(h).catch(() => undefined);
    if (childSt === undefined || filter?.ignores(h, childSt.isDirectory())) continue;
    files += await addEntry(pack, h, posix.join(name, child), filter, true);
  }
  return files;
}
