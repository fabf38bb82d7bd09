// The build cache: one record per step key (the parent state's key, the instruction after
// substitution, the build args it sees, and for COPY/ADD the checksum of what it reads), holding
// what the step made: its layer (for RUN/COPY/ADD) and its time, so a fully cached build yields
// the same image id, as the classic builder's reuse of its intermediate images does. Records are
// files under the engine's root, so the cache survives a restart; a record whose layer blob was
// collected since is a miss.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ContentStore } from '../content/store';
import { JsonStore } from '../metadata/json-store';
import type { LayerBlob } from './layer-diff';

export interface CacheRecord {
  created: string;
  layer?: LayerBlob;
  /** The history line the step wrote. */
  createdBy: string;
}

export function stepKey(parent: string, parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify([parent, ...parts])).digest('hex');
}

export class BuildCache {
  private readonly store: JsonStore<CacheRecord>;

  constructor(root: string, private readonly content: ContentStore) {
    this.store = new JsonStore<CacheRecord>(join(root, 'build-cache'));
  }

  async get(key: string): Promise<CacheRecord | undefined> {
    const rec = await this.store.get(key).catch(() => undefined);
    if (!rec) return undefined;
    if (rec.layer && !(await this.content.has(rec.layer.digest))) return undefined;
    return rec;
  }

  put(key: string, rec: CacheRecord): Promise<void> {
    return this.store.put(key, rec);
  }

  /** `builder prune`: forgets every record; returns how many there were. */
  async prune(): Promise<number> {
    const keys = await this.store.keys();
    for (const k of keys) await this.store.delete(k);
    return keys.length;
  }

  async size(): Promise<number> {
    return (await this.store.keys()).length;
  }
}
