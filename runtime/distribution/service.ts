// DistributionService: the engine's registry client, composed from the steps in this folder.
// One per engine: it holds the token cache and the in-flight blob downloads that concurrent
// pulls share, and the HTTP agents per registry host (closed with the engine).
import { setTimeout as delay } from 'node:timers/promises';
import type { PullTarget } from '../images/pull-target';
import { familiarName, formatReference, parseReference, withDefaultTag } from '../images/reference';
import type { Descriptor, Index } from '../images/media-types';
import type { RegistryCredentials } from './credentials';
import { BlobFetcher } from './fetcher';
import { RegistryHosts, type RegistryConfig } from './hosts';
import { login, type LoginResult } from './login';
import { fetchManifest } from './manifest';
import { parsePlatformParam, type Platform } from './platform';
import type { OnProgress } from './progress';
import { pullImage, type PullResult } from './pull';
import { pushImage, type PushResult, type PushSource } from './push';
import { RegistrySession, pullScope, type SessionDeps } from './session';
import { TokenCache } from './tokens';

export interface DistributionOptions {
  target: PullTarget;
  source: PushSource;
  config?: RegistryConfig;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Parallel downloads per pull (3) and uploads per push (5), chunk size for uploads. */
  concurrency?: { download?: number; upload?: number };
  chunkSize?: number;
  retries?: number;
}

export interface DistributionInspect {
  Descriptor: { mediaType: string; digest: string; size: number };
  Platforms: Platform[];
}

export class DistributionService {
  private readonly hosts: RegistryHosts;
  private readonly deps: SessionDeps;
  private readonly fetcher: BlobFetcher;

  constructor(private readonly opts: DistributionOptions) {
    this.hosts = new RegistryHosts(opts.config);
    const sleep = opts.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
    this.deps = { hosts: this.hosts, tokens: new TokenCache(opts.now ?? Date.now), sleep, retries: opts.retries };
    this.fetcher = new BlobFetcher(opts.target, sleep);
  }

  /** `allPlatforms`: every platform of an index stored (the chosen one unpacked). */
  pull(ref: string, o: { platform?: string; allPlatforms?: boolean; creds: RegistryCredentials; onProgress: OnProgress }): Promise<PullResult> {
    const platform = o.platform ? parsePlatformParam(o.platform) : undefined;
    return pullImage({ session: this.deps, target: this.opts.target, fetcher: this.fetcher, concurrency: this.opts.concurrency?.download }, { ref, platform, allPlatforms: o.allPlatforms, creds: o.creds, onProgress: o.onProgress });
  }

  /** `platform` (os/arch[/variant] or OCI platform JSON): only that platform's manifest. */
  push(ref: string, o: { platform?: string; creds: RegistryCredentials; onProgress: OnProgress }): Promise<PushResult> {
    const platform = o.platform ? parsePlatformParam(o.platform) : undefined;
    return pushImage({ session: this.deps, source: this.opts.source, chunkSize: this.opts.chunkSize, concurrency: this.opts.concurrency?.upload }, { ref, platform, creds: o.creds, onProgress: o.onProgress });
  }

  login(creds: RegistryCredentials): Promise<LoginResult> {
    return login(this.deps, creds);
  }

  /** GET /distribution/{name}/json: what the reference resolves to, and its platforms. */
  async inspect(refText: string, creds: RegistryCredentials): Promise<DistributionInspect> {
    const ref = withDefaultTag(parseReference(refText));
    const s = await RegistrySession.open(this.deps, ref.domain, creds, 'pull');
    const what = familiarName(formatReference(ref));
    const m = await fetchManifest(s, ref.path, ref.digest ?? (ref.tag as string), [pullScope(ref.path)], what);
    const Descriptor = { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
    if ('manifests' in m.parsed) {
      return { Descriptor, Platforms: (m.parsed as Index).manifests.map((d: Descriptor) => d.platform).filter((p): p is Platform => !!p) };
    }
    return { Descriptor, Platforms: [] };
  }

  close(): Promise<void> {
    return this.hosts.close();
  }
}
