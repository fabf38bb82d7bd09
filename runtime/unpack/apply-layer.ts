// Applying one layer tarball (gzip or not) to a directory: the heart of unpacking. Hostile
// input is the normal case here: every entry name is checked lexically (entry-path.ts), every
// parent resolved without following symlinks (safe-resolve.ts), and a refusal stops the whole
// layer with an INVALID_ARGUMENT naming the entry. The uncompressed stream is hashed on the way,
// so the caller can check the diff id the image config promises.
import { createHash } from 'node:crypto';
import { lutimesSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Syscalls } from '../mount/syscalls';
import { EngineError } from '../errors';
import { decompressStream } from './decompress';
import { entryComponents } from './entry-path';
import { isWhiteout, applyWhiteout, type WhiteoutMode } from './whiteout';
import { writeEntry, type UnpackContext, type TarHeader, type EntryBody } from './write-entry';
import { PaxXattrTracker } from './pax-xattrs';
import { VerifiedDirs } from './safe-resolve';
import { timeSlicer } from './slices';
import { createFsafeSyscalls, type FsafeSyscalls } from '../fsafe/libc';

export interface ApplyOptions {
  sys: Syscalls;
  /** "overlay": whiteouts become overlay whiteouts; "delete": they delete from `root`. */
  whiteouts: WhiteoutMode;
  /** Refuse a layer whose uncompressed tar exceeds this many bytes (a gzip bomb fills the disk). */
  maxBytes?: number;
  /** The *at calls that keep deep paths short (safe-resolve.ts); bound from libc when absent. */
  fsafe?: FsafeSyscalls;
  /** Monotonic ms, for cutting the work into slices (slices.ts); performance.now by default. */
  now?: () => number;
}

export interface ApplyResult {
  /** sha256 of the uncompressed tar: the layer's diff id. */
  diffId: `sha256:${string}`;
  /** Uncompressed size in bytes. */
  size: number;
  entries: number;
  /** Disk usage of the tree written (as snapshots' diskUsage), when the unpack measured it. */
  diskSize?: number;
}

export async function applyLayer(input: Readable, root: string, opts: ApplyOptions): Promise<ApplyResult> {
  const raw = await decompressStream(input);
  const hash = createHash('sha256');
  let size = 0;
  const xattrs = new PaxXattrTracker();
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (opts.maxBytes !== undefined && size > opts.maxBytes) {
        cb(new EngineError('INVALID_ARGUMENT', `layer is larger than the ${opts.maxBytes}-byte limit once uncompressed`));
        return;
      }
      hash.update(chunk);
      xattrs.feed(chunk);
      cb(null, chunk);
    },
  });
  const extract = tar.extract();
  const piping = pipeline(raw, hasher, extract);
  piping.catch(() => undefined); // surfaced below
  const fsafe = opts.fsafe ?? createFsafeSyscalls();
  const verified = new VerifiedDirs(root, fsafe);
  const maybeYield = timeSlicer(opts.now ?? (() => performance.now()));
  const ctx: UnpackContext = { root, sys: opts.sys, dirTimes: [], written: new Set(), verified, fsafe, maybeYield };
  let entries = 0;
  try {
    for await (const entry of extract) {
      const raw = xattrs.shift();
      const header: TarHeader = { ...(entry.header as TarHeader), rawXattrs: raw?.name === entry.header.name ? raw.xattrs : undefined };
      await applyEntry(ctx, header, entry as unknown as EntryBody, opts.whiteouts);
      entry.resume(); // drain what was not written (data on a whiteout, a link...)
      entries++;
      await maybeYield();
    }
    await piping;
    await setDirTimes(ctx, maybeYield);
  } catch (err) {
    extract.destroy();
    raw.destroy();
    if (err instanceof EngineError) throw err;
    throw new EngineError('INVALID_ARGUMENT', `apply layer: ${(err as Error).message}`, { cause: err });
  } finally {
    verified.close();
  }
  return { diffId: `sha256:${hash.digest('hex')}`, size, entries };
}

/** Deepest last-written first is not needed: a directory's own time is set after its children. */
async function setDirTimes(ctx: UnpackContext, maybeYield: () => Promise<void> | undefined): Promise<void> {
  for (const { rel, mtime } of ctx.dirTimes) {
    // A directory removed or replaced by a later entry is no longer verified: skip it, rather
    // than touch whatever now stands at its path.
    if (!ctx.verified.has(rel)) continue;
    lutimesSync(ctx.verified.path(rel), mtime, mtime);
    await maybeYield();
  }
}

async function applyEntry(ctx: UnpackContext, h: TarHeader, body: EntryBody, mode: WhiteoutMode): Promise<void> {
  const comps = entryComponents(h.name);
  if (comps.length === 0) return; // "./": the snapshot root keeps its own metadata, as containerd
  if (isWhiteout(comps)) return applyWhiteout(ctx, h.name, comps, mode);
  await writeEntry(ctx, h, comps, body);
}
