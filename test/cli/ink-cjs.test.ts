// scripts/ink-cjs.mjs, which lets ink go in the CommonJS bundle of `berth dash`: yoga's wasm made
// synchronously (no top-level await), string-width's segmenter made on first use, and its fast
// path widened to NARROW, checked here against string-width itself.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import stringWidth from 'string-width';
// @ts-expect-error: a build script in plain JavaScript, without types
import { inkCjs, NARROW } from '../../scripts/ink-cjs.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
after(async () => { for (const d of temps) await rm(d, { recursive: true, force: true }); });

/** Every code point of a regular-expression class body of \uXXXX ranges. */
function codePoints(body: string): number[] {
  const out: number[] = [];
  for (const m of body.matchAll(/\\u([0-9A-F]{4})-\\u([0-9A-F]{4})/g)) {
    for (let c = parseInt(m[1]!, 16); c <= parseInt(m[2]!, 16); c++) out.push(c);
  }
  return out;
}

test('NARROW: each character is one column to string-width, alone and between others (so the fast path answers as it would)', () => {
  const chars = codePoints(NARROW as string);
  assert.ok(chars.length > 300 && chars.includes(0xb7) && chars.includes(0x2500) && chars.includes(0x2026), 'the dashboard draws ·, ─ and …');
  const wrong = chars.filter((c) => {
    const ch = String.fromCodePoint(c);
    return stringWidth(ch) !== 1 || stringWidth(`a${ch}${ch}b`) !== 4;
  });
  assert.deepEqual(wrong.map((c) => c.toString(16)), []);
  assert.ok(!chars.includes(0xad) && !chars.includes(0xa9), 'soft hyphen (zero width) and © (emoji) are left to string-width');
});

test('ink in a CommonJS bundle through the plugin: yoga lays out synchronously, widths of ·─… and wide characters as string-width says', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-ink-cjs-'));
  temps.push(dir);
  const entry = join(dir, 'entry.mjs');
  // two boxes side by side (yoga's layout); the dashboard's characters (NARROW, answered by the
  // plugin's module), CJK (by string-width, loaded then) before a bar: where the bar lands is
  // the width ink measured
  await writeFile(entry, `import React from 'react';
import { Box, Text, renderToString } from 'ink';
const h = React.createElement;
const row = (...texts) => h(Box, null, ...texts.map((t) => h(Text, null, t)));
process.stdout.write(renderToString(h(Box, { flexDirection: 'column', width: 30 },
  h(Box, null, h(Box, { width: 10 }, h(Text, null, 'left')), h(Text, null, 'right')),
  row('a·b ── c…', '|'), row('漢字', '|'))));
`);
  await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dir, 'out.cjs'),
    define: { 'process.env.NODE_ENV': '"production"' }, external: ['react-devtools-core'], nodePaths: [join(repo, 'node_modules')],
    supported: { 'dynamic-import': false }, logLevel: 'error', plugins: [inkCjs],
  });
  const out = execFileSync(process.execPath, [join(dir, 'out.cjs')], { encoding: 'utf8' });
  assert.deepEqual(out.split('\n'), ['left      right', 'a·b ── c…|', '漢字|']);
  const text = await readFile(join(dir, 'out.cjs'), 'utf8');
  assert.match(text, /narrow-width:/, "string-width behind the plugin's module");
});

test("string-width behind the plugin's module answers as string-width: escapes, wide, ambiguous-wide, counted escapes", async () => {
  const inputs: Array<[string, { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }?]> = [
    ['\u001b[31ma·b ─\u001b[39m'], ['plain'], [''], ['漢字'], ['a·b', { ambiguousIsNarrow: false }], ['\u001b[1mx\u001b[22m', { countAnsiEscapeCodes: true }], ['e\u0301'], ['👍🏽 ok'],
  ];
  const r = await build({
    stdin: { contents: `import stringWidth from 'string-width';\nprocess.stdout.write(JSON.stringify(${JSON.stringify(inputs)}.map(([s, o]) => stringWidth(s, o))));`, resolveDir: repo },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'error', plugins: [inkCjs],
  });
  const code = r.outputFiles[0]!.text;
  assert.match(code, /narrow-width:/);
  const got = JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' })) as number[];
  assert.deepEqual(got, inputs.map(([s, o]) => stringWidth(s, o)));
});
