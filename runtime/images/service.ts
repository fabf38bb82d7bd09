// ImageService: the images noun of the engine, composed from the steps in this folder. The
// daemon makes one with ImageService.open({ root, sys, ... }) and hands it to the API; the
// containers service asks it for an image's config and top chain id to build a rootfs.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ImageHistoryItem, ImageInspect, ImageSummary, ImageDeleteItem, ImagePruneResponse } from '../api/types';
import { EngineError } from '../errors';
import { ContentStore } from '../content/store';
import type { Syscalls } from '../mount/syscalls';
import { createSnapshotter, type ProbeResult, type SnapshotterChoice } from '../snapshots/probe';
import type { Snapshotter } from '../snapshots/types';
import { EXTRACT_PREFIX, type LayerApplier } from '../unpack';
import type { ImageContext } from './context';
import { ImageStore } from './image-store';
import { Mutex } from './mutex';
import { GcGate } from './gate';
import { parseImageConfig, type ImageConfig } from './image-config';
import type { ImageRecord } from './record';
import { loadImages, type LoadSource, type LoadedImage } from './load';
import { importRootfs, type ImportOptions } from './import';
import { createImage, type NewImage } from './create';
import { withLease } from './load';
import { saveImages } from './save';
import { removeImage, pruneImages, type RemoveOptions } from './remove';
import { collectGarbage, type GcResult } from './gc';
import { moveTags } from './commit-image';
import { toHistory, toInspect, toSummary } from './inspect';
import { parseReference, normalizeName } from './reference';
import { pullTarget, type PullTarget } from './pull-target';

export interface ImageServiceOptions {
  /** State root for images: <root>/content, <root>/images, <root>/snapshots, <root>/image-scratch. */
  root: string;
  sys: Syscalls;
  /** Defaults to the probe's choice under <root>/snapshots. */
  snapshotter?: Snapshotter;
  prefer?: 'overlayfs' | 'native';
  now?: () => Date;
  /** Containers using an image id; the daemon passes a closure over the containers service. */
  containersUsing?: (imageId: string) => Promise<number>;
  platform?: { os: string; architecture: string };
  /** Optional bounds on uncompressed layers and archives (unlimited by default, as Docker). */
  limits?: { maxLayerBytes?: number; maxArchiveBytes?: number };
  /** Where a pull's layers are unpacked (the daemon's unpack workers). */
  applier?: LayerApplier;
}

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export class ImageService {
  /**
   * Parsed image configs by config digest: content-addressed, so never stale; entries go when
   * their image is removed (remove, prune), so the map holds no more than the images present.
   */
  private readonly configs = new Map<string, ImageConfig>();

  private constructor(private readonly ctx: ImageContext, readonly probe?: ProbeResult) {}

  static async open(opts: ImageServiceOptions): Promise<ImageService> {
    const content = new ContentStore(join(opts.root, 'content'));
    await content.cleanIngest();
    const scratch = join(opts.root, 'image-scratch');
    await rm(scratch, { recursive: true, force: true });
    const choice = opts.snapshotter ? undefined : await createSnapshotter(opts.sys, join(opts.root, 'snapshots'), { prefer: opts.prefer, now: opts.now });
    const snapshotter = opts.snapshotter ?? (choice as SnapshotterChoice).snapshotter;
    // An unpack interrupted by a crash leaves an active extract-* snapshot: drop it.
    await snapshotter.cleanup((s) => s.kind === 'active' && s.key.startsWith(EXTRACT_PREFIX));
    const service = new ImageService({
      content, snapshotter, sys: opts.sys, store: new ImageStore(opts.root), now: opts.now ?? (() => new Date()),
      scratch, lock: new Mutex(), gate: new GcGate(), leases: new Set(),
      platform: opts.platform ?? { os: 'linux', architecture: GOARCH[process.arch] ?? process.arch },
      containersUsing: opts.containersUsing ?? (async () => 0),
      limits: opts.limits ?? {},
      applier: opts.applier,
    }, choice?.probe);
    // What a crash left between ingest and record (blobs, committed layers no image names).
    await service.gc();
    return service;
  }

  // `probe` (constructor): why overlayfs was or was not chosen, for the daemon's start-up log.

  get snapshotter(): Snapshotter {
    return this.ctx.snapshotter;
  }

  get content(): ContentStore {
    return this.ctx.content;
  }

  load(source: LoadSource): Promise<LoadedImage[]> {
    return loadImages(this.ctx, source);
  }

  import(rootfsTar: Readable, opts: ImportOptions = {}): Promise<LoadedImage> {
    return importRootfs(this.ctx, rootfsTar, opts);
  }

  /** The store as runtime/distribution pulls into it. */
  pullTarget(): PullTarget {
    return pullTarget(this.ctx);
  }

  /** An image the engine made (a build's result): config bytes and layers already in content. */
  create(img: NewImage): Promise<ImageRecord> {
    return withLease(this.ctx, (lease) => createImage(this.ctx, img, lease));
  }

  /** Runs `fn` holding a lease: digests and chain ids it adds are kept from GC until it ends. */
  withLease<T>(fn: (lease: Set<string>) => Promise<T>): Promise<T> {
    return withLease(this.ctx, fn);
  }

  get platform(): { os: string; architecture: string } {
    return this.ctx.platform;
  }

  get sys(): Syscalls {
    return this.ctx.sys;
  }

  save(refs: string[]): Promise<Readable> {
    return saveImages(this.ctx, refs);
  }

  /** The record for what a user typed (id, id prefix, name, name@digest); NOT_FOUND otherwise. */
  get(ref: string): Promise<ImageRecord> {
    return this.ctx.store.resolve(ref);
  }

  /** The record and its parsed config: what a container inherits (config.config: Env, Cmd...). */
  async imageConfig(ref: string): Promise<{ record: ImageRecord; config: ImageConfig }> {
    const record = await this.get(ref);
    return { record, config: await this.configOf(record) };
  }

  private async configOf(record: ImageRecord): Promise<ImageConfig> {
    const digest = record.config.digest;
    let config = this.configs.get(digest);
    if (!config) {
      config = parseImageConfig(await this.ctx.content.read(digest));
      this.configs.set(digest, config);
    }
    // Callers get their own copy: a container's merge must not change what the next one reads.
    return structuredClone(config);
  }

  /** Forgets the configs of images no longer present (after a remove or prune). */
  private async forgetRemoved(): Promise<void> {
    const present = new Set((await this.ctx.store.all()).map((r) => r.config.digest));
    for (const d of this.configs.keys()) if (!present.has(d)) this.configs.delete(d);
  }

  async list(): Promise<ImageSummary[]> {
    const out: ImageSummary[] = [];
    for (const r of await this.ctx.store.all()) out.push(toSummary(r, await this.configOf(r)));
    return out.sort((a, b) => b.Created - a.Created || a.Id.localeCompare(b.Id));
  }

  async inspect(ref: string): Promise<ImageInspect> {
    const { record, config } = await this.imageConfig(ref);
    return toInspect(record, config, this.ctx.snapshotter.name);
  }

  async history(ref: string): Promise<ImageHistoryItem[]> {
    const { record, config } = await this.imageConfig(ref);
    const sizes: number[] = [];
    for (let i = 0; i < record.chainIds.length; i++) {
      const snap = this.ctx.snapshotter.name === 'overlayfs' ? await this.ctx.snapshotter.stat(record.chainIds[i]).catch(() => undefined) : undefined;
      sizes.push(snap?.size ?? record.layers[i].size);
    }
    return toHistory(record, config, sizes);
  }

  /** `docker tag SOURCE TARGET`: TARGET must be a name (a tag is implied), not a digest. */
  async tag(source: string, target: string): Promise<void> {
    if (parseReference(target).digest) throw new EngineError('INVALID_ARGUMENT', `refusing to create a tag with a digest reference: ${target}`);
    const name = normalizeName(target);
    await this.ctx.lock.run(async () => moveTags(this.ctx, await this.ctx.store.resolve(source), [name], this.ctx.now().toISOString()));
  }

  async remove(ref: string, opts: RemoveOptions = {}): Promise<ImageDeleteItem[]> {
    const items = await removeImage(this.ctx, ref, opts);
    await this.forgetRemoved();
    return items;
  }

  async prune(opts: { all?: boolean } = {}): Promise<ImagePruneResponse> {
    const res = await pruneImages(this.ctx, opts);
    await this.forgetRemoved();
    return res;
  }

  /** Removes blobs and layer snapshots no image references (`berth image prune` runs it too). */
  gc(): Promise<GcResult> {
    return this.ctx.lock.run(() => collectGarbage(this.ctx));
  }
}

/** The chain id of an image's top layer: the parent for a container's snapshot. */
export function topChainId(r: ImageRecord): string | undefined {
  return r.chainIds[r.chainIds.length - 1];
}
