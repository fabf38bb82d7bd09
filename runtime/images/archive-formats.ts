// What an image archive contains, format by format, reduced to one shape the loader ingests:
//   docker-archive (`docker save`): manifest.json [{Config, RepoTags, Layers}] with files named
//     <id>/layer.tar (classic) or blobs/sha256/<hex> (Docker ≥ 25, which also writes index.json);
//   OCI image layout / oci-archive: oci-layout + index.json → manifest (or index → the manifest
//     for this platform) → config and layers under blobs/<alg>/<hex>.
// Names come from RepoTags, or from the io.containerd.image.name / org.opencontainers.image.ref.name
// annotations, as `docker load` reads them.
import { EngineError } from '../errors';
import type { ArchiveDir } from './archive-dir';
import { type Descriptor, type Index, type Manifest, isIndex, isManifest } from './media-types';

export interface ArchiveBlob {
  /** Path inside the archive. */
  path: string;
  /** Known digest (OCI descriptors, blobs/sha256/<hex> names); verified on ingest. */
  digest?: string;
  size?: number;
  mediaType?: string;
}

export interface ArchiveImage {
  names: string[];
  config: ArchiveBlob;
  layers: ArchiveBlob[];
  /** The OCI manifest as found (digest-verified); absent for classic docker-archive. */
  manifest?: ArchiveBlob;
}

export interface Platform { os: string; architecture: string }

const blobPath = (digest: string): string => {
  const [alg, hex] = digest.split(':');
  if (alg !== 'sha256' || !/^[a-f0-9]{64}$/.test(hex ?? '')) throw new EngineError('INVALID_ARGUMENT', `unsupported digest "${digest}"`);
  return `blobs/${alg}/${hex}`;
};

/** A path named blobs/sha256/<hex> carries its digest: check it on ingest. */
function blobAt(path: string): ArchiveBlob {
  const m = /^(?:\.\/)?blobs\/sha256\/([a-f0-9]{64})$/.exec(path);
  return m ? { path, digest: `sha256:${m[1]}` } : { path };
}

export async function readDockerArchive(a: ArchiveDir): Promise<ArchiveImage[]> {
  const entries = await a.json<Array<{ Config?: unknown; RepoTags?: unknown; Layers?: unknown }>>('manifest.json');
  if (!Array.isArray(entries)) throw new EngineError('INVALID_ARGUMENT', 'manifest.json is not a list');
  return entries.map((e) => {
    if (typeof e.Config !== 'string' || !Array.isArray(e.Layers) || !e.Layers.every((l) => typeof l === 'string')) {
      throw new EngineError('INVALID_ARGUMENT', 'manifest.json entry needs Config and Layers');
    }
    const names = Array.isArray(e.RepoTags) ? e.RepoTags.filter((t): t is string => typeof t === 'string') : [];
    return { names, config: blobAt(e.Config), layers: (e.Layers as string[]).map(blobAt) };
  });
}

function descriptorBlob(d: Descriptor): ArchiveBlob {
  return { path: blobPath(d.digest), digest: d.digest, size: d.size, mediaType: d.mediaType };
}

function nameOf(d: Descriptor): string[] {
  const full = d.annotations?.['io.containerd.image.name'];
  if (full) return [full];
  const ref = d.annotations?.['org.opencontainers.image.ref.name'];
  // A bare tag ("latest") names no repository: such an image loads untagged, as docker does.
  return ref && /[/:]/.test(ref) ? [ref] : [];
}

async function resolveManifest(a: ArchiveDir, d: Descriptor, platform: Platform, depth = 0): Promise<Descriptor> {
  if (isManifest(d.mediaType)) return d;
  if (!isIndex(d.mediaType) || depth > 4) throw new EngineError('INVALID_ARGUMENT', `unsupported descriptor media type "${d.mediaType}"`);
  const idx = await a.json<Index>(blobPath(d.digest));
  const match = (idx.manifests ?? []).find((m) => !m.platform || (m.platform.os === platform.os && m.platform.architecture === platform.architecture));
  if (!match) throw new EngineError('NOT_FOUND', `no manifest for ${platform.os}/${platform.architecture} in index ${d.digest}`);
  return resolveManifest(a, match, platform, depth + 1);
}

export async function readOciLayout(a: ArchiveDir, platform: Platform): Promise<ArchiveImage[]> {
  const index = await a.json<Index>('index.json');
  if (!Array.isArray(index.manifests)) throw new EngineError('INVALID_ARGUMENT', 'index.json has no manifests');
  const out: ArchiveImage[] = [];
  // Platform-tagged manifests listed at the top (docker save --platform, ctr export) count only
  // for this host; the others' blobs are often absent.
  const fits = (d: Descriptor): boolean => !d.platform || (d.platform.os === platform.os && d.platform.architecture === platform.architecture);
  const tops = index.manifests.filter(fits);
  if (tops.length === 0) throw new EngineError('NOT_FOUND', `no manifest for ${platform.os}/${platform.architecture} in index.json`);
  for (const top of tops) {
    const md = await resolveManifest(a, top, platform);
    const manifest = await a.json<Manifest>(blobPath(md.digest));
    if (!manifest.config || !Array.isArray(manifest.layers)) throw new EngineError('INVALID_ARGUMENT', `manifest ${md.digest} needs config and layers`);
    out.push({
      names: nameOf(top),
      manifest: descriptorBlob(md),
      config: descriptorBlob(manifest.config),
      layers: manifest.layers.map(descriptorBlob),
    });
  }
  return out;
}

/**
 * Docker ≥ 25 writes both manifest.json and an OCI index: keep the OCI manifest (and so the
 * manifest digest) for an entry whose config and layer blobs it describes exactly.
 */
async function attachOciManifests(a: ArchiveDir, images: ArchiveImage[], platform: Platform): Promise<ArchiveImage[]> {
  let oci: ArchiveImage[];
  try {
    oci = await readOciLayout(a, platform);
  } catch {
    return images;
  }
  const same = (x: ArchiveImage, y: ArchiveImage): boolean => x.config.digest === y.config.digest
    && x.layers.length === y.layers.length && x.layers.every((l, i) => l.digest !== undefined && l.digest === y.layers[i].digest);
  return images.map((img) => {
    const match = oci.find((o) => same(img, o));
    return match ? { ...match, names: img.names } : img;
  });
}

/** docker-archive when manifest.json exists (Docker ≥ 25 writes both), else an OCI layout. */
export async function readArchive(a: ArchiveDir, platform: Platform): Promise<ArchiveImage[]> {
  if (await a.has('manifest.json')) {
    const images = await readDockerArchive(a);
    return (await a.has('index.json')) ? attachOciManifests(a, images, platform) : images;
  }
  if (await a.has('index.json')) return readOciLayout(a, platform);
  throw new EngineError('INVALID_ARGUMENT', 'not an image archive: no manifest.json (docker-archive) or index.json (OCI layout)');
}
