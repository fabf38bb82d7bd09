// The rest of an index for `pull --all-platforms` (as `ctr pull --all-platforms` and
// `skopeo copy --all`): every child manifest but the one the pull unpacks, each one's config and
// layers, all fetched into the content store and verified by digest like any blob, none unpacked
// (they are for other platforms). The digests join the record's index part, so GC keeps them
// and a push can send the whole index again.
import { EngineError } from '../errors';
import type { Descriptor, Index, Manifest } from '../images/media-types';
import type { IndexRecord } from '../images/record';
import type { PullTarget } from '../images/pull-target';
import type { BlobFetcher, FetchBlob } from './fetcher';
import { Limiter } from './limit';
import { fetchManifest, type FetchedManifest } from './manifest';
import { byteReporter, shortId, type OnProgress } from './progress';

export type FetchCommon = Omit<FetchBlob, 'desc' | 'onBytes' | 'write'>;

export interface IndexDeps {
  target: PullTarget;
  fetcher: BlobFetcher;
  concurrency?: number;
}

/** The record's index part: the index, the manifest pulled, its config and layers, and `more`. */
export function indexRecord(top: FetchedManifest, chosen: FetchedManifest, more: readonly string[] = []): IndexRecord {
  const m = chosen.parsed as Manifest;
  const blobs = [top.digest, chosen.digest, m.config.digest, ...m.layers.map((l) => l.digest), ...more];
  return { digest: top.digest, mediaType: top.mediaType, size: top.bytes.length, blobs: [...new Set(blobs)] };
}

/** Whether `have` (a record's index part) already holds every child manifest of `index`. */
export function holdsAllPlatforms(have: IndexRecord | undefined, digest: string, index: Index): boolean {
  if (!have || have.digest !== digest) return false;
  const held = new Set(have.blobs);
  return index.manifests.every((m) => held.has(m.digest));
}

/** Fetches every child of `index` but `chosen` with its blobs; returns the digests stored. */
export async function fetchOtherPlatforms(d: IndexDeps, common: FetchCommon, index: Index, chosen: string, on: OnProgress): Promise<string[]> {
  const out: string[] = [];
  for (const child of index.manifests) {
    if (child.digest === chosen) continue;
    const mf = await fetchManifest(common.session, common.path, child.digest, common.scopes, common.what, true);
    if ('manifests' in mf.parsed) throw new EngineError('INVALID_ARGUMENT', `${common.what}: an index inside an index is not supported`);
    await d.target.ingest(mf.bytes, { digest: mf.digest, size: mf.bytes.length }, common.lease);
    const m = mf.parsed as Manifest;
    await fetchBlobs(d, common, [m.config, ...m.layers], on);
    out.push(mf.digest, m.config.digest, ...m.layers.map((l) => l.digest));
  }
  return out;
}

/** Blobs stored, not unpacked; progress per layer as a pull shows a download. */
async function fetchBlobs(d: IndexDeps, common: FetchCommon, blobs: Descriptor[], on: OnProgress): Promise<void> {
  const limit = new Limiter(d.concurrency ?? 3);
  const settled = await Promise.allSettled(blobs.map((b) => limit.run(async () => {
    const id = shortId(b.digest);
    const outcome = await d.fetcher.fetch({ ...common, desc: b, onBytes: byteReporter(on, id, 'Downloading', b.size) });
    on({ id, status: outcome === 'exists' ? 'Already exists' : 'Download complete' });
  })));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
