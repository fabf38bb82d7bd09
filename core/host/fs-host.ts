// The real SpecHost: the loader's only window on the file system (core/spec itself is pure).
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { SpecHost } from '../spec/model-input';

/**
 * A host reading real files. `env` is the shell environment (pass `process.env` from the CLI);
 * `cwd` must be absolute. `readFile('-')` reads stdin to its end, synchronously, once.
 */
export function createFsHost(env: Readonly<Record<string, string | undefined>>, cwd: string): SpecHost {
  if (!isAbsolute(cwd)) throw new TypeError(`createFsHost: cwd must be absolute, got ${cwd}`);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  let stdin: string | undefined;
  return {
    env: clean,
    cwd,
    home: clean.HOME ?? homedir(),
    readFile(path: string): string | undefined {
      if (path === '-') {
        stdin ??= readFileSync(0, 'utf8');
        return stdin;
      }
      try {
        return readFileSync(resolve(cwd, path), 'utf8');
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    isDirectory(path: string): boolean {
      try {
        return statSync(resolve(cwd, path)).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
