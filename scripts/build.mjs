// Bundles the CLI into ESM so that `berth` starts fast (no TS transpile, no module graph walk of
// node_modules at run time).
//
// Layout: every build goes to a fresh dist/builds/<id>/ and dist/main.mjs (what bin/berth imports)
// is then switched to it in one rename of a symlink. Node resolves ESM through realpath, so a
// process keeps loading its lazy chunks from the build it started with, even across a rebuild: a
// concurrent reader (another test's CLI, a daemon that imports a chunk an hour later) never sees a
// half-built or mixed dist. Builds other than the current one are pruned once KEEP_MS old.
//
// Two builds into it:
//  - commands.mjs + chunks/: the command table (cli/commands/index.ts) with code splitting, each
//    command a lazy chunk;
//  - self-contained files: main.mjs (argv → command; it imports ./commands.mjs), and one per HOT
//    command, the ones a user waits on (`container run|create`, compose `up|down`), which
//    cli/main.ts imports by specifiers the plugin below turns into ./<name>.mjs. Measured here:
//    `container run` went from 13 files in 3 rounds of dynamic import to 3 files in 1 (exec to
//    first request ~10 ms less), `down` from 12 + 5 to 3 (~15 ms); `--version` loads 2 files.
import { build } from 'esbuild';
import { mkdir, readdir, rename, rm, stat, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';

const DIST = process.env.BERTH_BUILD_DIST ?? 'dist';
const KEEP_MS = 30 * 60_000;
/** Specifier in cli/main.ts → the file the hot build writes next to main.mjs. */
const HOT = {
  './commands/container-run': { entry: 'cli/commands/container-run.ts', out: 'container-run' },
  './commands/container-create': { entry: 'cli/commands/container-create.ts', out: 'container-create' },
  './commands/up': { entry: 'cli/commands/up.ts', out: 'up' },
  './commands/down': { entry: 'cli/commands/down.ts', out: 'down' },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  // koffi loads a native .node file by path; keep it (and anything with native parts) external.
  external: ['koffi', 'cpu-features', 'ssh2'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
};

/** In cli/main.ts: the command table and the HOT modules become imports of their own files. */
const mainExternals = {
  name: 'main-externals',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+$/ }, (args) => {
      if (!args.importer.endsWith(join('cli', 'main.ts'))) return undefined;
      if (args.path === './commands/index') return { path: './commands.mjs', external: true };
      if (args.kind === 'dynamic-import' && HOT[args.path]) return { path: `./${HOT[args.path].out}.mjs`, external: true };
      return undefined;
    });
  },
};

const id = `${Date.now().toString(36)}-${process.pid}`;
const out = join(DIST, 'builds', id);
await mkdir(out, { recursive: true });
try {
  await build({ ...common, entryPoints: { commands: 'cli/commands/index.ts' }, outdir: out, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
  const single = { main: 'cli/main.ts', ...Object.fromEntries(Object.values(HOT).map((h) => [h.out, h.entry])) };
  await build({ ...common, entryPoints: single, outdir: out, splitting: false, plugins: [mainExternals] });
} catch (err) {
  await rm(out, { recursive: true, force: true });
  throw err;
}
await switchTo(join('builds', id, 'main.mjs'));
await prune();

/** Points dist/main.mjs at the new build: a symlink made aside, renamed over the old one. */
async function switchTo(target) {
  const tmp = join(DIST, `.main.mjs.${id}`);
  await symlink(target, tmp);
  await rename(tmp, join(DIST, 'main.mjs'));
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
  for (const f of ['main.mjs.map']) if (await old(join(DIST, f))) await rm(join(DIST, f), { force: true });
}
