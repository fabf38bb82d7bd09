// Bundles the CLI so that `berth` starts fast (no TS transpile, no module graph walk of
// node_modules at run time).
//
// Layout: every build goes to a fresh dist/builds/<id>/ and dist/main.cjs (what bin/berth
// requires) is then switched to it in one rename of a symlink. Node resolves modules through
// realpath, so a process keeps loading its lazy chunks from the build it started with, even across
// a rebuild: a concurrent reader (another test's CLI) never sees a half-built or mixed dist. Builds
// other than the current one are pruned once KEEP_MS old (the daemon loads all its code at start).
//
// Two builds into it:
//  - CommonJS, one self-contained file each: main.cjs (argv → command) and one per HOT command,
//    the ones a user waits on (`container run|create`, compose `up|down`), which cli/main.ts
//    imports by specifiers the plugin below turns into a load of ./<name>.cjs through V8's code
//    cache (cli/code-cache.ts; <name>.cjs.v8cache is written beside it on first use). CommonJS as
//    node's ESM loader costs ~5 ms to start on this host: measured (interleaved medians, loaded
//    host) `--version` 39.8 → 32.7 ms, `run --rm --network none` 133.5 → 117.1 ms, exec → first
//    request 44.5 → 33.2 ms against the same files as ESM. A HOT command therefore must not use
//    top-level await or import.meta (esbuild refuses the first; the second would be empty).
//  - ESM with code splitting: commands.mjs (the command table, cli/commands/index.ts) + chunks/,
//    each other command a lazy chunk, imported from main.cjs with import() (ink is ESM-only).
//  Before this layout `container run` loaded 13 ESM files in 3 rounds of dynamic import, `down`
//  12 in 3; now 2 files, `--version` 1.
import { build } from 'esbuild';
import { lstat, mkdir, readdir, readFile, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inkCjs } from './ink-cjs.mjs';

const DIST = process.env.BERTH_BUILD_DIST ?? 'dist';
const KEEP_MS = 30 * 60_000;
/** Specifier in cli/main.ts → its entry and the file (<out>.cjs) the CommonJS build writes beside main.cjs. */
const HOT = {
  './commands/container-run': { entry: 'cli/commands/container-run.ts', out: 'container-run' },
  './commands/container-create': { entry: 'cli/commands/container-create.ts', out: 'container-create' },
  './commands/up': { entry: 'cli/commands/up.ts', out: 'up' },
  './commands/down': { entry: 'cli/commands/down.ts', out: 'down' },
  './commands/image-build': { entry: 'cli/commands/image-build.ts', out: 'image-build' },
  './commands/image-pull': { entry: 'cli/commands/image-pull.ts', out: 'image-pull' },
  // ink and React in it too: scripts/ink-cjs.mjs lets them go in a CommonJS bundle
  './commands/dash': { entry: 'cli/commands/dash.ts', out: 'dash' },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  // koffi loads a native .node file by path; keep it (and anything with native parts) external.
  // react-devtools-core: ink imports it only under DEV=true (not installed, never loaded).
  external: ['koffi', 'cpu-features', 'ssh2', 'react-devtools-core'],
  // React (in the dash chunk only) picks its production build on this: the development one
  // doubles the chunk and slows every frame. Nothing of Berth's own reads NODE_ENV.
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
};

/**
 * In cli/main.ts: the command table stays an import() of ./commands.mjs; a HOT module becomes a
 * small CommonJS module bundled in that loads ./<name>.cjs through V8's code cache
 * (cli/code-cache.ts), so its import() is a synchronous load (no ESM loader) of a file of its own.
 */
const mainExternals = {
  name: 'main-externals',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+$/ }, (args) => {
      if (!args.importer.endsWith(join('cli', 'main.ts')) || args.kind !== 'dynamic-import') return undefined;
      if (args.path === './commands/index') return { path: './commands.mjs', external: true };
      if (HOT[args.path]) return { path: HOT[args.path].out, namespace: 'hot' };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'hot' }, (args) => ({
      contents: `const { requireWithCodeCache } = require(${JSON.stringify(resolve('cli/code-cache.ts'))});
module.exports = requireWithCodeCache(__dirname + '/${args.path}.cjs').exports;`,
      loader: 'js',
      resolveDir: '.',
    }));
  },
};

const id = `${Date.now().toString(36)}-${process.pid}`;
const out = join(DIST, 'builds', id);
await mkdir(out, { recursive: true });
try {
  await build({ ...common, entryPoints: { commands: 'cli/commands/index.ts' }, outdir: out, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
  const cjs = { ...common, format: 'cjs', outExtension: { '.js': '.cjs' }, banner: undefined };
  await build({ ...cjs, entryPoints: { main: 'cli/main.ts' }, outdir: out, plugins: [mainExternals] });
  // A HOT bundle runs through vm.Script with V8's code cache, and node 20 loses a Script's dynamic
  // import callback when its code comes from the cache ("A dynamic import callback was not
  // specified": `up` and `container run` could not start the engine from the second run on). No
  // import() in them, then: esbuild lowers each to a require(), still lazy and synchronous.
  await build({ ...cjs, supported: { 'dynamic-import': false }, entryPoints: Object.fromEntries(Object.values(HOT).map((h) => [h.out, h.entry])), outdir: out, plugins: [inkCjs] });
  for (const h of Object.values(HOT)) await asciiOnly(join(out, `${h.out}.cjs`));
  // The daemon's unpack worker threads (runtime/unpack/worker-pool.ts) load this, and only this.
  await build({ ...cjs, entryPoints: { 'unpack-worker': 'runtime/unpack/worker-entry.ts' }, outdir: out });
} catch (err) {
  await rm(out, { recursive: true, force: true });
  throw err;
}
await switchTo(join('builds', id, 'main.cjs'));
await prune();

/**
 * A HOT bundle in ASCII only. esbuild escapes strings (charset ascii) but not comments or regular
 * expressions, and one non-ASCII character makes node read the whole file as a two-byte string:
 * dash.cjs (2.5 MB, 26 such characters, a µ of a duration's regex among them) read in 13-20 ms
 * instead of ~10. The same characters as \\u escapes mean the same in a regex, a comment or a name.
 */
async function asciiOnly(file) {
  const text = await readFile(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) await writeFile(file, ascii);
}

/** Points dist/main.cjs at the new build: a symlink made aside, renamed over the old one. */
async function switchTo(target) {
  const tmp = join(DIST, `.main.cjs.${id}`);
  await symlink(target, tmp);
  await rename(tmp, join(DIST, 'main.cjs'));
}

/** Removes builds other than this one, and the files of the old flat layout, once KEEP_MS old. */
async function prune() {
  const now = Date.now();
  const old = async (p) => now - (await stat(p).catch(() => ({ mtimeMs: now }))).mtimeMs > KEEP_MS;
  for (const b of await readdir(join(DIST, 'builds'))) {
    if (b !== id && (await old(join(DIST, 'builds', b)))) await rm(join(DIST, 'builds', b), { recursive: true, force: true });
  }
  // Before builds/ (one flat dist/, chunks never deleted): ~2000 stale chunks had piled up.
  const legacy = join(DIST, 'chunks');
  for (const f of await readdir(legacy).catch(() => [])) {
    if (await old(join(legacy, f))) await unlink(join(legacy, f)).catch(() => undefined);
  }
  if ((await readdir(legacy).catch(() => ['x'])).length === 0) await rm(legacy, { recursive: true, force: true });
  // dist/main.mjs (a file, then a symlink into builds/) was bin/berth's entry before main.cjs.
  for (const f of ['main.mjs', 'main.mjs.map']) {
    const st = await lstat(join(DIST, f)).catch(() => undefined);
    if (st && now - st.mtimeMs > KEEP_MS) await rm(join(DIST, f), { force: true });
  }
}
