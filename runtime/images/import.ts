// `docker import ROOTFS.tar NAME:TAG`: one plain rootfs tarball (gzip or not) becomes a
// single-layer image, with a config Docker would write: PATH in Env, no Cmd unless `changes`
// give one, history "Imported from -".
import type { Readable } from 'node:stream';
import { DEFAULT_PATH_ENV } from '../oci/default-env';
import { digestOf } from '../content/digest';
import { hashLayer } from '../unpack';
import type { ImageContext } from './context';
import type { ContainerDefaults } from './image-config';
import { writeManifest, sniffLayerType, type StagedImage } from './ingest';
import { commitImage } from './commit-image';
import { withLease, type LoadedImage } from './load';
import { MT } from './media-types';
import { familiarName, normalizeName } from './reference';


export interface ImportOptions {
  /** NAME[:TAG]; untagged image when absent. */
  ref?: string;
  /** Config defaults (Cmd, Entrypoint, Env, WorkingDir, ...), as `docker import --change`. */
  changes?: ContainerDefaults;
  message?: string;
}

export async function importRootfs(ctx: ImageContext, stream: Readable, opts: ImportOptions = {}): Promise<LoadedImage> {
  const names = opts.ref ? [normalizeName(opts.ref)] : [];
  return withLease(ctx, async (lease) => {
    const layer = await ctx.gate.shared(async () => {
      const info = await ctx.content.ingest(stream);
      lease.add(info.digest);
      return info;
    });
    const mediaType = await sniffLayerType(ctx.content.path(layer.digest), true);
    // Hashed with the unpacker's refusals (truncated or corrupt gzip → 400, size bound).
    const { diffId } = await hashLayer(await ctx.content.readStream(layer.digest), { maxBytes: ctx.limits.maxLayerBytes });
    const created = ctx.now().toISOString();
    const configBytes = Buffer.from(JSON.stringify({
      architecture: ctx.platform.architecture, os: ctx.platform.os, created,
      config: { Env: [DEFAULT_PATH_ENV], ...opts.changes },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created, created_by: '', comment: opts.message ?? 'Imported from -' }],
    }));
    lease.add(digestOf(configBytes));
    const cfg = await ctx.content.ingest(configBytes, { digest: digestOf(configBytes) });
    const layers = [{ ...layer, mediaType, diffId }];
    const config = { mediaType: MT.dockerConfig, ...cfg };
    const staged: StagedImage = {
      config, configBytes, layers, names,
      parsed: JSON.parse(configBytes.toString()), manifest: await writeManifest(ctx, config, layers, lease),
    };
    const rec = await commitImage(ctx, staged, lease);
    return { id: rec.id, repoTags: names.map(familiarName) };
  });
}
