// Each load runs in a child node: within one process V8's own in-memory compilation cache would
// answer the second compile, and the disk cache would go untested.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const module = fileURLToPath(new URL('./code-cache.ts', import.meta.url));
const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

/** Loads `file` in a child through requireWithCodeCache (the cache written at its exit). */
function load(file: string): { cache: string; exports: Record<string, unknown> } {
  const script = `import { requireWithCodeCache } from ${JSON.stringify(module)};
const r = requireWithCodeCache(${JSON.stringify(file)});
const e = r.exports;
console.log(JSON.stringify({ cache: r.cache, exports: { ...e, line: typeof e.line === 'function' ? e.line() : undefined } }));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })) as { cache: string; exports: Record<string, unknown> };
}

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'berth-code-cache-'));
  dirs.push(d);
  return d;
}

test('requireWithCodeCache: a miss writes the cache at exit and the next process hits it; a bundle changed in place (same length) is a miss', async () => {
  const dir = await tempDir();
  const file = join(dir, 'bundle.cjs');
  const body = (n: number): string => `const path = require('node:path');\nexports.answer = ${n};\nexports.base = path.basename(__filename);\nexports.dir = __dirname;\nexports.line = () => new Error('x').stack.split('\\n')[1];\n`;
  await writeFile(file, body(1));
  const first = load(file);
  assert.deepEqual(first, { cache: 'miss', exports: { answer: 1, base: 'bundle.cjs', dir, line: first.exports.line } });
  assert.match(String(first.exports.line), /bundle\.cjs:5:/, 'line numbers are the file\'s');
  assert.deepEqual(load(file), { ...first, cache: 'hit' });
  // Same length: V8 alone would take the old cache and run the old code.
  await writeFile(file, body(2));
  const changed = load(file);
  assert.deepEqual([changed.cache, changed.exports.answer], ['miss', 2]);
  assert.deepEqual([load(file).cache, load(file).exports.answer], ['hit', 2]);
  assert.deepEqual((await readdir(dir)).sort(), ['bundle.cjs', 'bundle.cjs.v8cache'], 'no temporary file left');
});

test('requireWithCodeCache: a cache V8 refuses is rejected, the module still loads, and the cache is rewritten', async () => {
  const dir = await tempDir();
  const file = join(dir, 'b.cjs');
  await writeFile(file, 'module.exports = { ok: [1, 2, 3].map((x) => x * 2) };\n');
  assert.equal(load(file).cache, 'miss');
  const cache = await readFile(`${file}.v8cache`);
  const nl = cache.indexOf(10);
  await writeFile(`${file}.v8cache`, Buffer.concat([cache.subarray(0, nl + 1), Buffer.alloc(cache.length - nl - 1, 7)]));
  assert.deepEqual(load(file), { cache: 'rejected', exports: { ok: [2, 4, 6] } });
  assert.equal(load(file).cache, 'hit');
});
