// Image records on disk (one JSON file per image id, via runtime/metadata's atomic store) and
// the lookups Docker offers: by full id, by unique id prefix, by name, by name@digest.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { JsonStore } from '../metadata/json-store';
import { EngineError } from '../errors';
import type { ImageRecord } from './record';
import { parseReference, withDefaultTag, formatReference, repository } from './reference';

const hex = (id: string): string => id.replace(/^sha256:/, '');

export class ImageStore {
  private readonly records: JsonStore<ImageRecord>;
  private readonly dir: string;
  /** Every record, as of the directory stamp it was read at (see all()). */
  private cache: { stamp: string; byHex: Map<string, ImageRecord> } | undefined;

  constructor(root: string) {
    this.dir = join(root, 'images');
    this.records = new JsonStore<ImageRecord>(this.dir);
  }

  /**
   * All records, read once and kept: a create resolves its image by name, which read every
   * record of the folder on each call. The folder's mtime/ctime (a write renames a file in, a
   * delete unlinks one: both change them) stamps the copy, so a change made by anything else
   * (another process on the same root) is seen at the next call; ours drop the copy at once.
   */
  async all(): Promise<ImageRecord[]> {
    return [...(await this.loaded()).values()];
  }

  private async loaded(): Promise<Map<string, ImageRecord>> {
    const st = await stat(this.dir, { bigint: true }).catch(() => undefined);
    const stamp = st ? `${st.mtimeNs}:${st.ctimeNs}:${st.ino}` : 'none';
    if (this.cache?.stamp === stamp) return this.cache.byHex;
    const byHex = new Map((await this.records.list()).map((r) => [r.key, r.value] as const));
    this.cache = { stamp, byHex };
    return byHex;
  }

  async byId(id: string): Promise<ImageRecord | undefined> {
    return /^(sha256:)?[a-f0-9]{64}$/.test(id) ? (await this.loaded()).get(hex(id)) : undefined;
  }

  async put(r: ImageRecord): Promise<void> {
    this.cache = undefined;
    await this.records.put(hex(r.id), r);
    this.cache = undefined;
  }

  async delete(id: string): Promise<void> {
    this.cache = undefined;
    await this.records.delete(hex(id));
    this.cache = undefined;
  }

  async byName(fullName: string): Promise<ImageRecord | undefined> {
    return (await this.all()).find((r) => r.repoTags.includes(fullName));
  }

  /**
   * Resolves what a user typed, in Docker's order: a full id; a name (with :latest implied) or
   * name@digest; a unique hex prefix of an id. NOT_FOUND otherwise, as "No such image".
   */
  async resolve(ref: string): Promise<ImageRecord> {
    const byId = await this.byId(ref);
    if (byId) return byId;
    const byRef = await this.byReference(ref);
    if (byRef) return byRef;
    const prefix = /^(?:sha256:)?([a-f0-9]{1,63})$/.exec(ref)?.[1];
    if (prefix) {
      const hits = (await this.all()).filter((r) => hex(r.id).startsWith(prefix));
      if (hits.length === 1) return hits[0];
      if (hits.length > 1) throw new EngineError('INVALID_ARGUMENT', `image id prefix "${ref}" is ambiguous`);
    }
    throw new EngineError('NOT_FOUND', `No such image: ${ref}`);
  }

  private async byReference(ref: string): Promise<ImageRecord | undefined> {
    let parsed;
    try {
      parsed = parseReference(ref);
    } catch {
      return undefined;
    }
    const all = await this.all();
    if (parsed.digest) {
      const repo = repository(parsed);
      return all.find((r) => r.repoDigests.includes(`${repo}@${parsed.digest}`) || (r.manifest.digest === parsed.digest && r.repoTags.some((t) => t.startsWith(repo + ':'))));
    }
    const name = formatReference(withDefaultTag(parsed));
    return all.find((r) => r.repoTags.includes(name));
  }
}
