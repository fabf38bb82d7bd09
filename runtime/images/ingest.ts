// Moving one image's blobs from an archive into the content store, each verified on the way
// (descriptor digest and size where the format gives them), and writing a manifest for formats
// that have none (classic docker-archive): Docker schema2, with layer media types sniffed from
// the blob bytes (plain tar or gzip).
import { open } from 'node:fs/promises';
import { EngineError } from '../errors';
import { digestOf } from '../content/digest';
import { detectCompression } from '../unpack';
import type { ArchiveDir } from './archive-dir';
import type { ArchiveBlob, ArchiveImage } from './archive-formats';
import type { ImageContext } from './context';
import { parseImageConfig, type ImageConfig } from './image-config';
import { MT, isLayer, type Descriptor } from './media-types';
import type { IndexRecord, LayerRecord } from './record';

export interface StagedImage {
  config: Descriptor;
  configBytes: Buffer;
  parsed: ImageConfig;
  layers: LayerRecord[];
  manifest: Descriptor;
  names: string[];
  /** Layer blob digests whose diff id was checked while unpacking them (a pull): not hashed again. */
  verified?: ReadonlySet<string>;
  /** The index a pull resolved the image through (record.ts IndexRecord). */
  index?: IndexRecord;
}

async function ingestBlob(ctx: ImageContext, a: ArchiveDir, b: ArchiveBlob, lease: Set<string>): Promise<{ digest: string; size: number }> {
  if (b.digest) lease.add(b.digest);
  try {
    const expected = { digest: b.digest, size: b.size };
    return await ctx.gate.shared(async () => {
      const info = a.owned
        ? await ctx.content.ingestOwnedFile(await a.mustFile(b.path), expected)
        : await ctx.content.ingest(await a.open(b.path), expected);
      lease.add(info.digest);
      return info;
    });
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `image archive blob "${b.path}": ${(err as Error).message}`, { cause: err });
  }
}

/** The layer media type from the blob's first bytes (Docker or OCI flavour). */
export async function sniffLayerType(path: string, docker: boolean): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    const c = detectCompression(buffer.subarray(0, bytesRead));
    if (c === 'gzip') return docker ? MT.dockerLayerGzip : MT.ociLayerGzip;
    if (c === 'zstd') return MT.ociLayerZstd;
    return docker ? MT.dockerLayer : MT.ociLayer;
  } finally {
    await fh.close();
  }
}

export async function ingestArchiveImage(ctx: ImageContext, a: ArchiveDir, img: ArchiveImage, lease: Set<string>): Promise<StagedImage> {
  const cfgInfo = await ingestBlob(ctx, a, img.config, lease);
  const configBytes = await ctx.content.read(cfgInfo.digest);
  const parsed = parseImageConfig(configBytes, `image config ${cfgInfo.digest}`);
  const diffIds = parsed.rootfs.diff_ids;
  if (diffIds.length !== img.layers.length) {
    throw new EngineError('INVALID_ARGUMENT', `image ${cfgInfo.digest} has ${img.layers.length} layers but its config lists ${diffIds.length} diff ids`);
  }
  const docker = img.manifest === undefined;
  const layers: LayerRecord[] = [];
  for (let i = 0; i < img.layers.length; i++) {
    const info = await ingestBlob(ctx, a, img.layers[i], lease);
    const given = img.layers[i].mediaType;
    const mediaType = given && isLayer(given) ? given : await sniffLayerType(ctx.content.path(info.digest), docker);
    if (!isLayer(mediaType)) throw new EngineError('INVALID_ARGUMENT', `unsupported layer media type "${given}"`);
    layers.push({ ...info, mediaType, diffId: diffIds[i] });
  }
  const config: Descriptor = { mediaType: docker ? MT.dockerConfig : (img.config.mediaType ?? MT.ociConfig), ...cfgInfo };
  const manifest = img.manifest
    ? { mediaType: img.manifest.mediaType ?? MT.ociManifest, ...(await ingestBlob(ctx, a, img.manifest, lease)) }
    : await writeManifest(ctx, config, layers, lease);
  return { config, configBytes, parsed, layers, manifest, names: img.names };
}

/** A Docker schema2 manifest for images that arrived without one; ingested like any blob. */
export async function writeManifest(ctx: ImageContext, config: Descriptor, layers: LayerRecord[], lease: Set<string>): Promise<Descriptor> {
  const body = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: MT.dockerManifest,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  }));
  lease.add(digestOf(body));
  const info = await ctx.content.ingest(body, { digest: digestOf(body) });
  return { mediaType: MT.dockerManifest, ...info };
}
