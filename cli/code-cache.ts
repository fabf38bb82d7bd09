// Loads one of the CLI's CommonJS bundles (scripts/build.mjs's HOT commands) through V8's code
// cache, kept next to the bundle: what `v8-compile-cache` does, and node 22's
// module.enableCompileCache(), which node 20 lacks.
//
// Compiling and evaluating the 1.2 MB `up`/`down` bundle (yaml, zod, the compose loader) took a
// median 66 ms here, 36 ms with the cache. The cache is written once, at exit after a run
// (so it also holds the functions that run compiled lazily), and again only when V8 rejects it
// (another node, other V8 flags). V8 checks a cache against the source's LENGTH only (a file
// changed in place to the same length ran its old code in a test), so the cache starts with a line
// naming the file's inode, size and mtime, and another file is a miss. Build directories are never
// rewritten (scripts/build.mjs), so in practice a cache lives as long as the bundle beside it.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script, constants } from 'node:vm';

export type CacheState = 'hit' | 'miss' | 'rejected';

export interface CachedModule {
  exports: unknown;
  cache: CacheState;
}

/** Runs `fn` when the process exits (default: process 'exit'; tests pass their own). */
export type OnExit = (fn: () => void) => void;

export function requireWithCodeCache(file: string, onExit: OnExit = (fn) => { process.once('exit', fn); }): CachedModule {
  const cacheFile = `${file}.v8cache`;
  const st = statSync(file);
  const signature = `${st.ino}:${st.size}:${st.mtimeMs}\n`;
  const cachedData = readCache(cacheFile, signature);
  // Node's own CommonJS wrapper, on the bundle's first line so that line numbers stay right.
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(source, { filename: file, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, createRequire(file), mod, file, dirname(file));
  const cache: CacheState = cachedData === undefined ? 'miss' : script.cachedDataRejected === true ? 'rejected' : 'hit';
  if (cache !== 'hit') onExit(() => { saveCache(cacheFile, signature, script); });
  return { exports: mod.exports, cache };
}

/** The cached data, when the cache was made from this very file; else undefined (a miss). */
function readCache(cacheFile: string, signature: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = Buffer.from(signature);
  return data.subarray(0, head.length).equals(head) ? data.subarray(head.length) : undefined;
}

/** Written aside and renamed: a concurrent reader sees the old cache or the new one, never half. */
function saveCache(cacheFile: string, signature: string, script: Script): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(signature), script.createCachedData()]));
    renameSync(tmp, cacheFile);
  } catch {
    // A read-only install: run without the cache, as before it.
  }
}
