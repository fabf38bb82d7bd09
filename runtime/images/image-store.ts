// Image records on disk (one JSON file per image id, via runtime/metadata's atomic store) and
// the lookups Docker offers: by full id, by unique id prefix, by name, by name@digest.
import { join } from 'node:path';
import { JsonStore } from '../metadata/json-store';
import { EngineError } from '../errors';
import type { ImageRecord } from './record';
import { parseReference, withDefaultTag, formatReference, repository } from './reference';

const hex = (id: string): string => id.replace(/^sha256:/, '');

export class ImageStore {
  private readonly records: JsonStore<ImageRecord>;

  constructor(root: string) {
    this.records = new JsonStore<ImageRecord>(join(root, 'images'));
  }

  async all(): Promise<ImageRecord[]> {
    return (await this.records.list()).map((r) => r.value);
  }

  async byId(id: string): Promise<ImageRecord | undefined> {
    return /^(sha256:)?[a-f0-9]{64}$/.test(id) ? this.records.get(hex(id)) : undefined;
  }

  async put(r: ImageRecord): Promise<void> {
    await this.records.put(hex(r.id), r);
  }

  async delete(id: string): Promise<void> {
    await this.records.delete(hex(id));
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
