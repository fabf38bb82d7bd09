// What one `docker push` sends, decided from the record and the content store before any request:
// the whole index (each child manifest put by digest, the index under the tag) when the record
// came from one and every child's blobs are stored (a `pull --all-platforms`); else the record's
// own manifest, as classic docker pushes a single-platform image. `--platform` (docker 28's
// `push --platform`) narrows an index to one child, which must be stored whole.
import { EngineError } from '../errors';
import { MT, type Descriptor, type Index, type Manifest } from '../images/media-types';
import type { ImageRecord } from '../images/record';
import { parseImageConfig } from '../images/image-config';
import { formatPlatform, platformMatches, type Platform } from './platform';

export interface PlanSource {
  read(digest: string): Promise<Buffer>;
  has(digest: string): Promise<boolean>;
}

export interface PushBlob { desc: Descriptor; shown: boolean }

export interface PushPlan {
  /** Manifests put by digest before the top one (an index's children). */
  children: Descriptor[];
  /** What goes under the tag. */
  top: Descriptor;
  /** Configs and layers, each once; `shown` (layers) get progress lines. */
  blobs: PushBlob[];
}

export async function planPush(record: ImageRecord, src: PlanSource, what: string, platform?: Platform): Promise<PushPlan> {
  const index = await storedIndex(record, src);
  if (platform) return planPlatform(record, src, what, platform, index);
  if (index) {
    const children = await Promise.all(index.manifests.map((m) => storedManifest(src, m.digest)));
    if (children.every((c) => c !== undefined)) {
      const top = { mediaType: record.index?.mediaType ?? MT.ociIndex, digest: record.index?.digest as string, size: record.index?.size ?? 0 };
      return { children: index.manifests.map(bare), top, blobs: dedupe(children.flatMap((c) => blobsOf(c as Manifest))) };
    }
  }
  return ownManifest(record);
}

async function planPlatform(record: ImageRecord, src: PlanSource, what: string, want: Platform, index: Index | undefined): Promise<PushPlan> {
  const entry = index?.manifests.find((m) => platformMatches(m.platform, want));
  const parsed = entry ? await storedManifest(src, entry.digest) : undefined;
  if (entry && parsed) return { children: [], top: bare(entry), blobs: dedupe(blobsOf(parsed)) };
  // A single-platform image (or the platform the record was unpacked for) is its own manifest.
  if (platformMatches(await configPlatform(record, src), want)) return ownManifest(record);
  throw new EngineError('NOT_FOUND', `${what}: the image has no content for platform ${formatPlatform(want)}`);
}

/** The record's own manifest: its config and layers as the record names them. */
export function ownManifest(record: ImageRecord): PushPlan {
  const layers = [...record.layers].reverse().map((l) => ({ desc: { mediaType: l.mediaType, digest: l.digest, size: l.size }, shown: true }));
  return { children: [], top: record.manifest, blobs: [...layers, { desc: record.config, shown: false }] };
}

async function storedIndex(record: ImageRecord, src: PlanSource): Promise<Index | undefined> {
  if (!record.index || !(await src.has(record.index.digest))) return undefined;
  const parsed = parseJson(await src.read(record.index.digest)) as Partial<Index> | undefined;
  return Array.isArray(parsed?.manifests) ? (parsed as Index) : undefined;
}

/** A child manifest whose config and layers are all in the store, else undefined. */
async function storedManifest(src: PlanSource, digest: string): Promise<Manifest | undefined> {
  if (!(await src.has(digest))) return undefined;
  const m = parseJson(await src.read(digest)) as Partial<Manifest> | undefined;
  if (!m?.config || !Array.isArray(m.layers)) return undefined;
  for (const d of [m.config, ...m.layers]) if (!(await src.has(d.digest))) return undefined;
  return m as Manifest;
}

async function configPlatform(record: ImageRecord, src: PlanSource): Promise<Platform | undefined> {
  const c = parseImageConfig(await src.read(record.config.digest));
  return c.architecture ? { os: c.os, architecture: c.architecture, variant: c.variant } : undefined;
}

function blobsOf(m: Manifest): PushBlob[] {
  return [...[...m.layers].reverse().map((l) => ({ desc: bare(l), shown: true })), { desc: bare(m.config), shown: false }];
}

function dedupe(blobs: PushBlob[]): PushBlob[] {
  const seen = new Set<string>();
  return blobs.filter((b) => !seen.has(b.desc.digest) && seen.add(b.desc.digest));
}

function bare(d: Descriptor): Descriptor {
  return { mediaType: d.mediaType, digest: d.digest, size: d.size };
}

function parseJson(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
