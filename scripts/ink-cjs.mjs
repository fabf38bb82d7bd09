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
// And one cost of the first frame: both string-width copies (ink's, wrap-ansi's) make an
// Intl.Segmenter when they load (11 ms each here, ICU's break data), and ink's segments any text
// that is not plain ASCII, as the dashboard's `·` and `─` are. Here the segmenter is made when
// first used, and the ASCII fast path of ink's copy also takes the characters of NARROW.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** yoga-layout's dist folder (its package.json exports neither the binaries nor wrapAssembly). */
const yogaDist = (from) => join(dirname(require.resolve('yoga-layout', { paths: [from] })), '..');

function replaceOnce(text, from, to, file) {
  if (!text.includes(from)) throw new Error(`ink-cjs: "${from}" not found in ${file}: ink or yoga-layout changed, see scripts/ink-cjs.mjs`);
  return text.replace(from, () => to);
}

async function syncYoga(dist) {
  const factory = join(dist, 'binaries', 'yoga-wasm-base64-esm.js');
  const wasm = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(await readFile(factory, 'utf8'))?.[1];
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

const SEGMENTER = 'const segmenter = new Intl.Segmenter();';
const LAZY_SEGMENTER = 'let lazySegmenter; const segmenter = { segment: (s) => (lazySegmenter ??= new Intl.Segmenter()).segment(s) };';
const ASCII_PATH = 'if (/^[\\u0020-\\u007E]*$/.test(string)) {';

async function stringWidth(file) {
  let text = replaceOnce(await readFile(file, 'utf8'), SEGMENTER, LAZY_SEGMENTER, file);
  // only the copy with a fast path (ink's, 8.x) gets the wider one
  if (text.includes(ASCII_PATH)) text = text.replace(ASCII_PATH, () => `if (/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && /^[${NARROW}]*$/.test(string))) {`);
  return text;
}

export const inkCjs = {
  name: 'ink-cjs',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, (args) => ({ path: yogaDist(args.resolveDir), namespace: 'yoga-sync' }));
    b.onLoad({ filter: /.*/, namespace: 'yoga-sync' }, async (args) => ({ contents: await syncYoga(args.path), loader: 'js', resolveDir: args.path }));
    // the factory finds its own file by import.meta.url, only to fetch a wasm it has inline
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => ({
      contents: replaceOnce(await readFile(args.path, 'utf8'), 'var _scriptDir = import.meta.url;', 'var _scriptDir = "";', args.path),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => ({ contents: await stringWidth(args.path), loader: 'js' }));
    b.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      text = replaceOnce(text, "await import('./devtools.js');", 'void 0;', args.path);
      text = replaceOnce(text, '? await loadPackageJson()', '? { name: undefined, version: undefined }', args.path);
      return { contents: text, loader: 'js' };
    });
  },
};
