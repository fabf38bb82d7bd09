// The real SpecHost: the loader's only window on the file system (core/spec itself is pure).
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { SpecHost } from '../spec/model-input';
import { CoreError } from '../errors';

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
      const abs = resolve(cwd, path);
      try {
        refuseSpecial(abs);
        return readFileSync(abs, 'utf8');
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

/**
 * Stat before open: opening a FIFO with no writer blocks for ever (a `-f` naming one hung), and a
 * device could stream without end. Only regular files (and directories, answered as missing by
 * the caller) are read; the rest is refused by name.
 */
function refuseSpecial(abs: string): void {
  const st = statSync(abs, { throwIfNoEntry: false });
  // /dev/null reads empty at once: `--env-file /dev/null` is a common way to say "none".
  if (st === undefined || st.isFile() || st.isDirectory() || abs === '/dev/null') return;
  const kind = st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a file';
  throw new CoreError('INVALID_ARGUMENT', `open ${abs}: not a regular file (${kind})`);
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
