// A folder of JSON records, one file per key, written atomically. Enough for the engine's
// records (images, containers, networks, volumes): few thousand entries, read at start-up.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, readJsonFile } from './atomic-file';
import { EngineError } from '../errors';

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,254}$/;

export class JsonStore<T> {
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    if (!KEY.test(key) || key.includes('..')) throw new EngineError('INVALID_ARGUMENT', `invalid record key "${key}"`);
    return join(this.dir, `${key}.json`);
  }

  async get(key: string): Promise<T | undefined> {
    return readJsonFile<T>(this.path(key));
  }

  async put(key: string, value: T): Promise<void> {
    await writeFileAtomic(this.path(key), JSON.stringify(value, null, 1) + '\n');
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async keys(): Promise<string[]> {
    try {
      const names = await readdir(this.dir);
      return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async list(): Promise<Array<{ key: string; value: T }>> {
    const out: Array<{ key: string; value: T }> = [];
    for (const key of await this.keys()) {
      const value = await this.get(key);
      if (value !== undefined) out.push({ key, value });
    }
    return out;
  }
}
