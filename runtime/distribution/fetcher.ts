// Blobs into the content store, each fetched at most once at a time: a second pull that needs a
// blob another pull is downloading waits for that download instead of starting its own (as
// containerd's content ingest refs do), and a blob already present is not fetched at all. The
// lease is taken before the presence check, so GC cannot drop the blob between check and record.
import { EngineError } from '../errors';
import type { Descriptor } from '../images/media-types';
import type { PullTarget } from '../images/pull-target';
import type { BlobWriter } from '../content/store';
import { blobStream } from './blob-stream';
import { gathered } from '../unpack';
import type { RegistrySession } from './session';

export type FetchOutcome = 'exists' | 'fetched' | 'shared';

export interface FetchBlob {
  session: RegistrySession;
  path: string;
  desc: Descriptor;
  scopes: string[];
  what: string;
  lease: Set<string>;
  onBytes: (current: number) => void;
  /** Writes the bytes into the store's ingest file when this call downloads them (and unpacks them as they arrive). */
  write?: BlobWriter;
}

export class BlobFetcher {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly target: PullTarget, private readonly sleep: (ms: number) => Promise<void>) {}

  async fetch(o: FetchBlob): Promise<FetchOutcome> {
    o.lease.add(o.desc.digest);
    const running = this.inflight.get(o.desc.digest);
    if (running) {
      await running;
      return 'shared';
    }
    if (await this.target.has(o.desc.digest)) return 'exists';
    const again = this.inflight.get(o.desc.digest);
    if (again) {
      await again;
      return 'shared';
    }
    const bytes = blobStream({ session: o.session, path: o.path, desc: o.desc, scopes: o.scopes, what: o.what, sleep: this.sleep, onBytes: o.onBytes });
    // A writer of its own (an unpack worker) takes the socket's reads as they come: handing them
    // over costs less than gathering them, which copies every byte into fresh memory.
    const stream = o.write ? bytes : gathered(bytes);
    const p = this.target.ingest(stream, { digest: o.desc.digest, size: o.desc.size }, o.lease, o.write).catch((err: unknown) => {
      // The store's own words ("blob digest mismatch…") gain the image they belong to.
      if (err instanceof EngineError && !err.message.startsWith(o.what)) throw new EngineError(err.code, `${o.what}: ${err.message}`, { cause: err });
      throw err;
    });
    this.inflight.set(o.desc.digest, p);
    try {
      await p;
    } finally {
      this.inflight.delete(o.desc.digest);
    }
    return 'fetched';
  }
}
