// A downloading layer's bytes written to the content store's ingest file and hashed, while the
// same bytes are unpacked: the store then only checks the digest and renames the file
// (ContentStore.ingest with a BlobWriter). On an unpack worker this takes the sha256 of the
// compressed bytes and their writes off the daemon's thread as well. The blob is written to its
// end even when the unpack refuses the layer early, so that a blob whose digest does not match
// says so (the store's check has the last word), rather than the corrupt gzip it also is.
import { createHash } from 'node:crypto';
import { close, closeSync, open, openSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { PassThrough } from 'node:stream';
import type { Syscalls } from '../mount/syscalls';
import { applyLayer, type ApplyResult } from './apply-layer';
import { gathered } from './gather';
import { diskUsageSync } from '../snapshots/usage';
import type { WhiteoutMode } from './whiteout';

export interface RecordedBlob {
  digest: `sha256:${string}`;
  size: number;
}

export interface RecordRequest {
  whiteouts: WhiteoutMode;
  maxBytes?: number;
  sys: Syscalls;
  /** Where to write the compressed bytes (a new file); nothing is written without it. */
  blob?: string;
  /** Synchronous writes: on a worker thread, where nothing else waits on the loop. */
  syncWrites?: boolean;
}

export interface Recorded {
  blob?: RecordedBlob;
  /** The unpack's outcome: its result, or why it refused the layer. */
  applied: { result: ApplyResult } | { error: unknown };
}

/** Unpacks `chunks` into `root`, writing them to `req.blob` too. Rejects only when the input or the blob's file fails. */
export async function recordAndApply(chunks: AsyncIterable<Uint8Array>, root: string, req: RecordRequest): Promise<Recorded> {
  const file = req.blob === undefined ? undefined : await BlobFile.create(req.blob, req.syncWrites === true ? req.sys : undefined);
  // Pieces of at least 256 KiB (gather.ts), one object each: gunzip is fed big writes, and a
  // byte-mode stream would copy every read once more to hand its reader one piece.
  const feed = new PassThrough({ objectMode: true, highWaterMark: 4 });
  feed.on('error', () => undefined); // the unpack's own failure is its outcome
  const applying = applyLayer(feed, root, req).then(
    (result) => ({ result: req.syncWrites === true ? { ...result, diskSize: measured(root) } : result }),
    (error: unknown) => { feed.destroy(); return { error }; },
  );
  try {
    for await (const chunk of gathered(chunks)) {
      await file?.write(chunk);
      if (feed.destroyed) {
        if (!file) break; // nothing more to do with the rest
        continue;
      }
      if (!feed.write(chunk)) await drainedOrClosed(feed);
    }
    feed.end();
    const blob = file?.finish();
    return { blob, applied: await applying };
  } catch (err) {
    feed.destroy(err as Error);
    await applying;
    throw err;
  } finally {
    await file?.close();
  }
}

/** The ingest file, hashed as written. */
class BlobFile {
  private readonly hash = createHash('sha256');
  private size = 0;
  private unsynced = 0;
  private closed = false;

  /** `sys`: synchronous writes (a worker thread, where nothing else waits on the loop). */
  private constructor(private readonly fd: number, private readonly sys: Syscalls | undefined) {}

  static async create(path: string, sys: Syscalls | undefined): Promise<BlobFile> {
    const fd = sys ? openSync(path, 'wx', 0o600) : await promisify(open)(path, 'wx', 0o600);
    return new BlobFile(fd, sys);
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    for (let off = 0; off < chunk.length;) {
      off += this.sys ? writeSync(this.fd, chunk, off) : (await writeAsync(this.fd, chunk, off)).bytesWritten;
    }
    // The store fsyncs the blob before keeping it. On ext4 an fsync also waits for every other
    // file's journal commit queued behind it, so a big blob flushed only then held the next
    // layer's small metadata fsyncs (and the pull's end) for tens of ms: write it back as it comes.
    this.unsynced += chunk.length;
    if (this.sys && this.unsynced >= WRITEBACK_EVERY) {
      this.sys.startWriteback(this.fd, this.size - this.unsynced, this.unsynced);
      this.unsynced = 0;
    }
  }

  /** What was written; the content store fsyncs the file before it keeps it. */
  finish(): RecordedBlob {
    return { digest: `sha256:${this.hash.digest('hex')}`, size: this.size };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sys) closeSync(this.fd);
    else await promisify(close)(this.fd);
  }
}

const WRITEBACK_EVERY = 8 << 20;

const writeAsync = (fd: number, chunk: Uint8Array, off: number): Promise<{ bytesWritten: number }> => promisify(write)(fd, chunk, off, chunk.length - off, null);

/**
 * The tree's disk usage, walked here with synchronous calls while the tree is fresh in the cache:
 * on a worker that is ~2 ms for busybox's 400 entries, where the snapshot's commit on the engine's
 * thread took ~25 ms of threadpool round trips (and ~0.6 s for 10,000 files). Undefined if the
 * walk fails: the commit measures it then.
 */
function measured(root: string): number | undefined {
  try {
    return diskUsageSync(root).size;
  } catch {
    return undefined;
  }
}

function drainedOrClosed(s: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });
}

/** Where a recorded blob goes, and who hears that it is written. */
export interface BlobSink {
  path: string;
  done: (blob: RecordedBlob) => void;
}

/** recordAndApply on this thread, shaped as applyLayer: its result, or its refusal thrown. */
export async function applyRecorded(input: AsyncIterable<Uint8Array>, root: string, req: Omit<RecordRequest, 'blob'> & { blob?: BlobSink }): Promise<ApplyResult> {
  const r = await recordAndApply(input, root, { ...req, blob: req.blob?.path });
  if (r.blob) req.blob?.done(r.blob);
  if ('error' in r.applied) throw r.applied.error;
  return r.applied.result;
}
