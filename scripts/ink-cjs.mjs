// esbuild plugin for the CommonJS bundle of `berth dash` (scripts/build.mjs HOT): lets ink go in a
// CommonJS file, which node 20 loads through V8's code cache (cli/code-cache.ts), where an ESM
// chunk is compiled afresh on every start (compileSourceTextModule: ~85 ms of the dashboard's
// first frame here). Two things of ink's tree stop esbuild ("Top-level await is currently not
// supported with the cjs output format"), each replaced here, and the build fails when the text
// it replaces is gone (an upgrade of ink or yoga-layout must be looked at again):
//  - yoga-layout's entry awaits its emscripten factory (the wasm is compiled asynchronously).
//    Ink reads Yoga only when it renders, but the factory takes an `instantiateWasm` hook, which
//    may answer synchronously: the module below compiles the same wasm bytes (base64 in the
//    factory's file) with new WebAssembly.Module/Instance, so Yoga is ready when it is imported.
//  - ink's reconciler awaits react-devtools-core and its package.json, both only under DEV=true
//    (devtools is not installed: ink then only warns). Here DEV does nothing.
// And one cost of the first frame: string-width (ink's copy and wrap-ansi's) makes an
// Intl.Segmenter and Unicode-set regular expressions when it loads (~25 ms here: ICU's data; the
// RGI_Emoji set alone took 18 ms once a segmenter existed), and segments any text that is not
// plain ASCII, as the dashboard's `·` and `─` are. Here a module in front of it answers text of
// NARROW characters itself, and loads string-width on the first text that is not.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** yoga-layout's dist folder (its package.json exports neither the binaries nor wrapAssembly). */
const yogaDist = (from) => join(dirname(require.resolve('yoga-layout', { paths: [from] })), '..');

function resolveFrom(dir, specifier) {
  try {
    return createRequire(join(dir, 'index.js')).resolve(specifier);
  } catch {
    return undefined;
  }
}

function replaceOnce(text, from, to, file) {
  if (!text.includes(from)) throw new Error(`ink-cjs: "${from}" not found in ${file}: ink or yoga-layout changed, see scripts/ink-cjs.mjs`);
  return text.replace(from, () => to);
}

const WASM_URI = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;

async function syncYoga(dist) {
  const factory = join(dist, 'binaries', 'yoga-wasm-base64-esm.js');
  const wasm = WASM_URI.exec(await readFile(factory, 'utf8'))?.[1];
  if (wasm === undefined) throw new Error(`ink-cjs: no base64 wasm in ${factory}`);
  return `import loadYoga from ${JSON.stringify(factory)};
import wrapAssembly from ${JSON.stringify(join(dist, 'src', 'wrapAssembly.js'))};
export * from ${JSON.stringify(join(dist, 'src', 'generated', 'YGEnums.js'))};
const lib = {
  instantiateWasm(imports, done) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(${JSON.stringify(wasm)}, 'base64')), imports);
    done(instance);
    return instance.exports;
  },
};
// the factory fills lib in place and, its one run dependency (the wasm) met, runs at once
loadYoga(lib);
if (lib.Node === undefined) throw new Error('yoga-layout did not initialise synchronously');
export default wrapAssembly(lib);
`;
}

/**
 * Characters string-width counts one column each, each its own grapheme whatever surrounds it
 * (test/cli/ink-cjs.test.ts checks them against string-width itself), when ambiguous widths are
 * narrow (its default): Latin-1 but the soft hyphen, (c) and (R); General Punctuation's dashes,
 * quotes, bullets and ellipsis; Box Drawing. A regular-expression class body.
 */
export const NARROW = '\\u0020-\\u007E\\u00A0-\\u00A8\\u00AA-\\u00AC\\u00AF-\\u00FF\\u2010-\\u2027\\u2500-\\u257F';

/** string-width in front of `file` (the real one): NARROW text answered here, the rest loaded on first use. */
const narrowWidth = (file) => `import stripAnsi from 'strip-ansi';
const NARROW = /^[${NARROW}]*$/;
let real;
export default function stringWidth(input, options = {}) {
  if (typeof input === 'string' && options.ambiguousIsNarrow !== false) {
    // as string-width: escape sequences (ink's colours) count nothing unless asked to
    const text = options.countAnsiEscapeCodes !== true && (input.includes('\\u001B') || input.includes('\\u009B')) ? stripAnsi(input) : input;
    if (NARROW.test(text)) return text.length;
  }
  // a require() of an ES module in the bundle: esbuild evaluates it here, on the first call
  real ??= require(${JSON.stringify(file)}).default;
  return real(input, options);
}
`;

export const inkCjs = {
  name: 'ink-cjs',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, (args) => ({ path: yogaDist(args.resolveDir), namespace: 'yoga-sync' }));
    b.onLoad({ filter: /.*/, namespace: 'yoga-sync' }, async (args) => ({ contents: await syncYoga(args.path), loader: 'js', resolveDir: args.path }));
    // the factory finds its own file by import.meta.url, only to fetch a wasm it has inline; and
    // its copy of the wasm (120 kB of base64, read at every start) is the module's above
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const text = replaceOnce(await readFile(args.path, 'utf8'), 'var _scriptDir = import.meta.url;', 'var _scriptDir = "";', args.path);
      return { contents: text.replace(WASM_URI, '"data:application/octet-stream;base64,"'), loader: 'js' };
    });
    // (node's resolution: esbuild's own b.resolve, from here, did not return)
    b.onResolve({ filter: /^string-width$/ }, (args) => {
      const path = resolveFrom(args.resolveDir, args.path);
      return path === undefined ? undefined : { path, namespace: 'narrow-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'narrow-width' }, (args) => ({ contents: narrowWidth(args.path), loader: 'js', resolveDir: dirname(args.path) }));
    b.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      text = replaceOnce(text, "await import('./devtools.js');", 'void 0;', args.path);
      text = replaceOnce(text, '? await loadPackageJson()', '? { name: undefined, version: undefined }', args.path);
      return { contents: text, loader: 'js' };
    });
  },
};
