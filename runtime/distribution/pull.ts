// One `docker pull`: resolve the reference's manifest (narrowed to the platform when it is an
// index), fetch the config and the missing layers in parallel (bounded), verify each against
// its digest as it streams into the content store, then commit the image record through the
// image store's own commit step (layers unpacked once per chain id) with its RepoDigest.
import { EngineError } from '../errors';
import { parseImageConfig } from '../images/image-config';
import type { Descriptor, Index, Manifest } from '../images/media-types';
import type { StagedImage } from '../images/ingest';
import type { LayerRecord } from '../images/record';
import { familiarName, formatReference, parseReference, repository, withDefaultTag } from '../images/reference';
import type { RegistryCredentials } from './credentials';
import type { BlobFetcher, FetchBlob, FetchOutcome } from './fetcher';
import { fetchOtherPlatforms, holdsAllPlatforms, indexRecord } from './pull-index';
import type { BlobSink, LayerInput, ParallelUnpack } from '../unpack';
import type { ImageRecord } from '../images/record';
import { Readable } from 'node:stream';
import type { BlobWriter } from '../content/store';
import { Limiter } from './limit';
import { fetchManifest, selectPlatform, type FetchedManifest } from './manifest';
import { normalizePlatform, platformMatches, type Platform } from './platform';
import { byteReporter, shortId, type OnProgress } from './progress';
import { RegistrySession, pullScope, type SessionDeps } from './session';
import type { PullTarget } from '../images/pull-target';

export interface PullDeps {
  session: SessionDeps;
  target: PullTarget;
  fetcher: BlobFetcher;
  /** Parallel layer downloads (Docker's default is 3). */
  concurrency?: number;
}

export interface PullRequest {
  ref: string;
  platform?: Platform;
  /** Every platform of an index into the content store (only the chosen one unpacked). */
  allPlatforms?: boolean;
  creds: RegistryCredentials;
  onProgress: OnProgress;
}

export interface PullResult {
  id: string;
  /** Full name pulled (docker.io/library/busybox:latest, or repo@digest). */
  name: string;
  /** Digest of what the reference resolved to (the index for a multi-platform image). */
  digest: string;
  upToDate: boolean;
}

export async function pullImage(d: PullDeps, req: PullRequest): Promise<PullResult> {
  const ref = withDefaultTag(parseReference(req.ref));
  const name = formatReference(ref);
  const what = familiarName(name);
  const want = normalizePlatform(req.platform ?? d.target.platform);
  const session = await RegistrySession.open(d.session, ref.domain, req.creds, 'pull');
  const scopes = [pullScope(ref.path)];
  const top = await fetchManifest(session, ref.path, ref.digest ?? (ref.tag as string), scopes, what);
  // After the manifest, as dockerd: an unknown tag is then a plain 404, not a broken stream.
  req.onProgress({ id: ref.tag ?? ref.digest, status: `Pulling from ${ref.path}` });
  let mf: FetchedManifest = top;
  if ('manifests' in top.parsed) {
    const entry = selectPlatform(top.parsed as Index, want, what);
    mf = await fetchManifest(session, ref.path, entry.digest, scopes, what);
    if ('manifests' in mf.parsed) throw new EngineError('INVALID_ARGUMENT', `${what}: an index inside an index is not supported`);
  }
  const manifest = mf.parsed as Manifest;
  const before = ref.tag !== undefined ? await d.target.byName(name) : undefined;
  const repoDigest = `${repository(ref)}@${top.digest}`;
  const all = top !== mf && req.allPlatforms === true;
  // Nothing changed since the last pull: no blob to check, no record to write (dockerd's
  // "Image is up to date" path), which keeps a warm `pull` to two registry round trips.
  if (before && before.manifest.digest === mf.digest && before.repoDigests.includes(repoDigest) && (!all || holdsAllPlatforms(before.index, top.digest, top.parsed as Index))) {
    req.onProgress({ status: `Digest: ${top.digest}` });
    req.onProgress({ status: `Status: Image is up to date for ${what}` });
    return { id: before.id, name, digest: top.digest, upToDate: true };
  }
  return d.target.withLease(async (lease) => {
    for (const m of top === mf ? [top] : [top, mf]) await d.target.ingest(m.bytes, { digest: m.digest, size: m.bytes.length }, lease);
    const fetchOne = { session, path: ref.path, scopes, what, lease };
    await d.fetcher.fetch({ ...fetchOne, desc: manifest.config, onBytes: () => undefined });
    const configBytes = await d.target.read(manifest.config.digest);
    const parsed = parseImageConfig(configBytes, `${what}: image config`);
    checkConfig(parsed, manifest, want, what, top !== mf);
    const unpack = await d.target.parallelUnpack(parsed.rootfs.diff_ids, lease);
    let record: ImageRecord;
    let more: string[] = [];
    let existing = new Set<string>();
    try {
      const fetched = await fetchLayers(d, fetchOne, manifest, parsed.rootfs.diff_ids, req.onProgress, unpack);
      const { layers, verified } = fetched;
      existing = fetched.existing;
      more = all ? await fetchOtherPlatforms(d, fetchOne, top.parsed as Index, mf.digest, req.onProgress) : [];
      await unpack?.commit();
      const staged: StagedImage = {
        config: manifest.config, configBytes, parsed, layers, verified,
        manifest: { mediaType: mf.mediaType, digest: mf.digest, size: mf.bytes.length },
        names: ref.tag !== undefined ? [name] : [],
        index: top === mf ? undefined : indexRecord(top, mf, more),
      };
      record = await d.target.commit(staged, lease, repoDigest);
    } catch (err) {
      await unpack?.abort();
      throw err;
    }
    for (const l of manifest.layers) if (!existing.has(l.digest)) req.onProgress({ id: shortId(l.digest), status: 'Pull complete' });
    req.onProgress({ status: `Digest: ${top.digest}` });
    // Other platforms stored by this pull are news even when the image itself is not.
    const upToDate = before?.id === record.id && more.length === 0;
    req.onProgress({ status: `Status: ${upToDate ? 'Image is up to date' : 'Downloaded newer image'} for ${what}` });
    return { id: record.id, name, digest: top.digest, upToDate };
  });
}

function checkConfig(parsed: ReturnType<typeof parseImageConfig>, manifest: Manifest, want: Platform, what: string, fromIndex: boolean): void {
  if (parsed.rootfs.diff_ids.length !== manifest.layers.length) {
    throw new EngineError('INVALID_ARGUMENT', `${what}: manifest has ${manifest.layers.length} layers but the config lists ${parsed.rootfs.diff_ids.length} diff ids`);
  }
  // A single-platform image for another platform is refused only when asked for explicitly by
  // an index; Docker warns rather than fails for a plain manifest, and so do we (silently).
  if (fromIndex && parsed.architecture && !platformMatches({ os: parsed.os, architecture: parsed.architecture, variant: parsed.variant }, { ...want, variant: parsed.variant === undefined ? undefined : want.variant })) {
    throw new EngineError('INVALID_ARGUMENT', `${what}: the index entry for ${want.os}/${want.architecture} holds an image for ${parsed.os}/${parsed.architecture}`);
  }
}

type FetchCommon = Omit<FetchBlob, 'desc' | 'onBytes' | 'write'>;

interface FetchedLayers {
  layers: LayerRecord[];
  verified: Set<string>;
  /** Layers already unpacked with their blob stored: dockerd says "Already exists" of them and no more. */
  existing: Set<string>;
}

async function fetchLayers(d: PullDeps, common: FetchCommon, manifest: Manifest, diffIds: string[], on: OnProgress, unpack: ParallelUnpack | undefined): Promise<FetchedLayers> {
  const limit = new Limiter(d.concurrency ?? 3);
  const verified = new Set<string>();
  const existing = new Set<string>();
  for (const [i, l] of manifest.layers.entries()) if (unpack && !unpack.needs(i) && (await d.target.has(l.digest))) existing.add(l.digest);
  for (const l of manifest.layers) on({ id: shortId(l.digest), status: existing.has(l.digest) ? 'Already exists' : 'Pulling fs layer' });
  const one = async (l: Descriptor, i: number): Promise<void> => {
    const release = await limit.acquire();
    try {
      if (unpack?.needs(i)) {
        // The slot goes when the unpack ends: its worker is free then, and the blob's fsync
        // (tens of ms for a big layer) need not hold the next layer back.
        const extract = (input: LayerInput, blob?: BlobSink): Promise<'extracted' | 'shared'> => {
          const p = unpack.extract(i, input, blob);
          p.then(release, release);
          return p;
        };
        if (await fetchAndUnpack(d, common, l, on, extract) === 'extracted') verified.add(l.digest);
      } else {
        // Fetched even when it exists: the fetch leases the blob for this pull's record.
        const outcome = await d.fetcher.fetch({ ...common, desc: l, onBytes: byteReporter(on, shortId(l.digest), 'Downloading', l.size) });
        if (!existing.has(l.digest)) reportFetched(on, shortId(l.digest), outcome);
      }
    } finally {
      release();
    }
  };
  // Biggest first: the pull ends with its last layer, so a big one left for last is all that
  // still runs while the other workers sit idle (the base layer is usually the big one, but not always).
  const order = manifest.layers.map((l, i) => ({ l, i })).sort((a, b) => b.l.size - a.l.size || a.i - b.i);
  const settled = await Promise.allSettled(order.map(({ l, i }) => one(l, i)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const layers = manifest.layers.map((l, i) => ({ digest: l.digest, mediaType: l.mediaType, size: l.size, diffId: diffIds[i] }));
  return { layers, verified, existing };
}

function reportFetched(on: OnProgress, id: string, outcome: FetchOutcome): void {
  if (outcome === 'exists') return on({ id, status: 'Already exists' });
  if (outcome === 'fetched') on({ id, status: 'Verifying Checksum' });
  on({ id, status: 'Download complete' });
}

/**
 * One layer downloaded and unpacked at once: the unpack writes the blob's ingest file too
 * (record-blob.ts), and the store checks and keeps it. A blob already stored, or downloaded by
 * another pull meanwhile, is unpacked from the store, unless an earlier pull is unpacking the
 * same layers: 'shared' then, and the blob is checked against its diff id at commit. A failed
 * download wins over the unpack error it caused (a digest mismatch says more than the corrupt
 * gzip it also is).
 */
async function fetchAndUnpack(d: PullDeps, common: FetchCommon, l: Descriptor, on: OnProgress, extract: (input: LayerInput, blob?: BlobSink) => Promise<'extracted' | 'shared'>): Promise<'extracted' | 'shared'> {
  const id = shortId(l.digest);
  let extracting: Promise<'extracted' | 'shared'> | undefined;
  const write: BlobWriter = (bytes, tmp) => new Promise((resolve, reject) => {
    extracting = extract(Readable.from(bytes), { path: tmp, done: resolve });
    // Settled before the blob was told written: the download or the ingest file failed.
    extracting.then(() => reject(new EngineError('INTERNAL', `layer ${l.digest}: the unpack ended without writing the blob`)), reject);
  });
  let outcome: FetchOutcome;
  try {
    outcome = await d.fetcher.fetch({ ...common, desc: l, onBytes: byteReporter(on, id, 'Downloading', l.size), write });
  } catch (err) {
    await extracting?.catch(() => undefined);
    throw err;
  }
  reportFetched(on, id, outcome);
  // From the store: another pull may be unpacking the same layers (waited for in extract).
  extracting ??= extract(() => d.target.readStream(l.digest));
  try {
    const done = await extracting;
    // The unpack ran with the download; dockerd's clients (compose's progress view) still expect
    // the layer's Extracting line between Download complete and Pull complete.
    if (done === 'extracted') on({ id, status: 'Extracting', progress: { current: l.size, total: l.size } });
    return done;
  } catch (err) {
    const e = err instanceof EngineError ? err : new EngineError('INVALID_ARGUMENT', (err as Error).message, { cause: err });
    if (e.message.startsWith(common.what)) throw e;
    throw new EngineError(e.code, `${common.what}: layer ${l.digest}: ${e.message}`, { cause: err });
  }
}
