// Records of kernel state that a reboot erases anyway (namespaces live in /run): written with
// rename for atomicity but without fsync. A fsync costs 4-15 ms here under load and would buy
// durability for state that cannot outlive the machine's power-off. Same shape as JsonStore.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../errors';

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,254}$/;

export class RuntimeStore<T> {
  private made = false;

  constructor(private readonly dir: string) {}

  private path(key: string): string {
    if (!KEY.test(key) || key.includes('..')) throw new EngineError('INVALID_ARGUMENT', `invalid record key "${key}"`);
    return join(this.dir, `${key}.json`);
  }

  async put(key: string, value: T): Promise<void> {
    if (!this.made) {
      await mkdir(this.dir, { recursive: true });
      this.made = true;
    }
    const path = this.path(key);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(value));
    await rename(tmp, path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async list(): Promise<Array<{ key: string; value: T }>> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: Array<{ key: string; value: T }> = [];
    for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
      const text = await readFile(join(this.dir, n), 'utf8').catch(() => undefined);
      if (text !== undefined) out.push({ key: n.slice(0, -5), value: JSON.parse(text) as T });
    }
    return out;
  }
}
