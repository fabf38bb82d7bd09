// The bundle's shape (scripts/build.mjs): what the hot commands load before their first request,
// and the build's switch-and-prune layout, which lets concurrent readers run while dist/ is rebuilt.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
after(async () => { for (const d of temps) await rm(d, { recursive: true, force: true }); });

/** The repository files a bundle was made from (its source map), relative to the repository. */
async function sourcesOf(file: string): Promise<string[]> {
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[] };
  return map.sources.map((s) => join(dirname(file), s).slice(repo.length));
}

/**
 * What a bundle file loads: `import ... from "X"`/`require("X")` (static) and `import("X")`, or
 * the lazy require() esbuild lowers an import() to in the HOT bundles (scripts/build.mjs).
 */
async function importsOf(file: string): Promise<{ static: string[]; dynamic: string[]; lazy: string[] }> {
  const text = await readFile(file, 'utf8');
  const LAZY = /Promise\.resolve\(\)\.then\(\(\) => __toESM\(require\("([^"]+)"\)/g;
  return {
    static: [...text.replace(LAZY, '').matchAll(/^import\s[^;]*?from\s*"([^"]+)"|^import\s*"([^"]+)"|\brequire\("([^"]+)"\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]),
    dynamic: [...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]),
    lazy: [...text.matchAll(LAZY)].map((m) => m[1]),
  };
}

const currentBuild = async (): Promise<string> => dirname(await realpath(join(repo, 'dist/main.cjs')));

test('container run loads one file of its own holding only the engine client and its flags: no yaml, zod, dns-packet, ink or table formatting', async () => {
  const build = await currentBuild();
  const sources = await sourcesOf(join(build, 'container-run.cjs'));
  assert.ok(sources.includes('cli/commands/container-run.ts') && sources.includes('core/engine/transport.ts'), sources.join(' '));
  for (const s of sources) {
    assert.doesNotMatch(s, /node_modules\/(yaml|zod|dns-packet|ink|react|tar-stream|undici|chokidar)\//, `${s} is on container run's path`);
    assert.doesNotMatch(s, /^(core\/(spec|compose|reconcile|execute|observe)|cli\/render|runtime)\//, `${s} is on container run's path`);
    assert.doesNotMatch(s, /engine-format|container-ls/, `${s} (table formatting) is on container run's path`);
  }
  const imports = await importsOf(join(build, 'container-run.cjs'));
  assert.deepEqual(imports.static.filter((s) => !s.startsWith('node:')), [], 'self-contained');
  assert.ok(!imports.static.includes('node:child_process') && imports.lazy.includes('node:child_process'), 'child_process only when the engine must start');
  assert.deepEqual(imports.dynamic, [], 'no import(): the ESM loader never starts (and a code-cached Script has no import callback)');
});

test('main.cjs is small and self-contained: the hot commands are loaded (through the code cache) from their own files, the table imported', async () => {
  const build = await currentBuild();
  const sources = await sourcesOf(join(build, 'main.cjs'));
  assert.ok(!sources.some((s) => s.startsWith('core/engine/')), `--version must not load the engine client: ${sources.join(' ')}`);
  const text = await readFile(join(build, 'main.cjs'), 'utf8');
  const hot = [...text.matchAll(/requireWithCodeCache\d*\(__dirname \+ "\/([a-z-]+\.cjs)"\)/g)].map((m) => m[1]).sort();
  assert.deepEqual(hot, ['container-create.cjs', 'container-run.cjs', 'dash.cjs', 'down.cjs', 'image-build.cjs', 'image-pull.cjs', 'up.cjs']);
  for (const f of hot) {
    // one non-ASCII character would make node read the whole file as a two-byte string
    assert.doesNotMatch(await readFile(join(build, f), 'latin1'), /[^\x00-\x7f]/, `${f} is ASCII only`);
  }
  const imports = await importsOf(join(build, 'main.cjs'));
  assert.deepEqual(imports.static.filter((s) => !s.startsWith('node:')), [], 'no other file required');
  assert.deepEqual([...new Set(imports.dynamic)], ['./commands.mjs']);
  await lstat(join(build, 'commands.mjs'));
});

test('dash loads one file of its own, ink, React and yoga in it (scripts/ink-cjs.mjs): no import(), no ESM chunk', async () => {
  const build = await currentBuild();
  const sources = await sourcesOf(join(build, 'dash.cjs'));
  for (const s of ['cli/commands/dash.ts', 'core/dash/early-model.ts', 'cli/dash/app.tsx', 'node_modules/react/cjs/react.production.js']) {
    assert.ok(sources.includes(s), `${s} not in dash.cjs`);
  }
  for (const pkg of ['ink', 'yoga-layout', 'react-reconciler']) assert.ok(sources.some((s) => s.startsWith(`node_modules/${pkg}/`)), `${pkg} not in dash.cjs`);
  const imports = await importsOf(join(build, 'dash.cjs'));
  // ink's dependencies name some of node's modules without `node:`
  assert.deepEqual(imports.static.filter((s) => !s.startsWith('node:') && !builtinModules.includes(s)), [], 'self-contained');
  assert.deepEqual(imports.dynamic, [], 'no import(): a code-cached Script has no import callback');
  const text = await readFile(join(build, 'dash.cjs'), 'utf8');
  assert.doesNotMatch(text, /\bawait import\(|data:application\/octet-stream;base64,[^"]*"\)\.then/, 'no top-level await left of ink or yoga');
  // the command runs from it, twice (the second time through the code cache written by the first)
  for (let i = 0; i < 2; i++) {
    const out = execFileSync(process.execPath, [join(build, 'main.cjs'), 'dash', '--help'], { encoding: 'utf8' });
    assert.match(out, /^Usage: +berth dash \[OPTIONS\]/m);
  }
});

test('a build goes to a fresh builds/<id> and dist/main.cjs is switched to it; older builds, legacy chunks and the old main.mjs go once 30 min old', async () => {
  const dist = await mkdtemp(join(tmpdir(), 'berth-build-'));
  temps.push(dist);
  const hourAgo = new Date(Date.now() - 3600_000);
  // The flat layout before builds/: one stale chunk, one written a minute ago (a running CLI may need it).
  await mkdir(join(dist, 'chunks'));
  await writeFile(join(dist, 'chunks', 'stale.mjs'), '');
  await utimes(join(dist, 'chunks', 'stale.mjs'), hourAgo, hourAgo);
  await writeFile(join(dist, 'chunks', 'recent.mjs'), '');
  await writeFile(join(dist, 'main.mjs'), '');
  await utimes(join(dist, 'main.mjs'), hourAgo, hourAgo);
  await mkdir(join(dist, 'builds', 'old-1'), { recursive: true });
  await utimes(join(dist, 'builds', 'old-1'), hourAgo, hourAgo);
  const build = (): void => { execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, env: { ...process.env, BERTH_BUILD_DIST: dist } }); };
  build();
  const first = await readlink(join(dist, 'main.cjs'));
  assert.match(first, /^builds\/[^/]+\/main\.cjs$/);
  build();
  const second = await readlink(join(dist, 'main.cjs'));
  assert.notEqual(second, first, 'switched to the new build');
  const builds = (await readdir(join(dist, 'builds'))).sort();
  assert.deepEqual(builds, [first.split('/')[1], second.split('/')[1]].sort(), 'the previous build stays (young), the old one is gone');
  assert.deepEqual(await readdir(join(dist, 'chunks')), ['recent.mjs']);
  assert.equal(await lstat(join(dist, 'main.mjs')).then(() => true, () => false), false, 'the old entry went with its hour-old date');
  assert.deepEqual((await readdir(dist)).filter((f) => f.startsWith('.')), [], 'no temporary symlink left');
  // The switched build runs.
  const out = execFileSync(process.execPath, [join(dist, 'main.cjs'), '--version'], { encoding: 'utf8' });
  assert.match(out, /^berth version /);
});
