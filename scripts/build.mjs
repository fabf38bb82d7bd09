// Bundles the CLI into ESM with code splitting so that `berth --version` starts fast (no TS transpile,
// no module graph walk at run time).
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // koffi loads a native .node file by path; keep it (and anything with native parts) external.
  external: ['koffi', 'cpu-features', 'ssh2'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
