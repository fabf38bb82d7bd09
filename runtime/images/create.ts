// An image made inside the engine (the builder's result): the config bytes written as a blob,
// a Docker schema2 manifest for its layers (already in the content store), then the same commit
// as load and import (layers unpacked once per chain id, names moved onto the record).
import { digestOf } from '../content/digest';
import type { ImageContext } from './context';
import { commitImage } from './commit-image';
import { writeManifest, type StagedImage } from './ingest';
import { parseImageConfig } from './image-config';
import { MT } from './media-types';
import type { ImageRecord, LayerRecord } from './record';
import { normalizeName } from './reference';

export interface NewImage {
  configBytes: Buffer;
  layers: LayerRecord[];
  names: string[];
}

export async function createImage(ctx: ImageContext, img: NewImage, lease: Set<string>): Promise<ImageRecord> {
  const parsed = parseImageConfig(img.configBytes);
  const digest = digestOf(img.configBytes);
  lease.add(digest);
  for (const l of img.layers) lease.add(l.digest);
  const info = await ctx.gate.shared(() => ctx.content.ingest(img.configBytes, { digest }));
  const config = { mediaType: MT.dockerConfig, ...info };
  const staged: StagedImage = {
    config, configBytes: img.configBytes, parsed, layers: img.layers,
    names: img.names.map((n) => normalizeName(n)), manifest: await writeManifest(ctx, config, img.layers, lease),
  };
  return commitImage(ctx, staged, lease);
}
