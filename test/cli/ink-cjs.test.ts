// scripts/ink-cjs.mjs, which lets ink go in the CommonJS bundle of `berth dash`: yoga's wasm made
// synchronously (no top-level await), string-width's segmenter made on first use, and its fast
// path widened to NARROW, checked here against string-width itself.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  // two boxes side by side (yoga's layout), a line of the dashboard's characters, one of CJK
  await writeFile(entry, `import React from 'react';
import { Box, Text, renderToString } from 'ink';
import stringWidth from 'string-width';
const h = React.createElement;
const out = renderToString(h(Box, { flexDirection: 'column', width: 30 },
  h(Box, null, h(Box, { width: 10 }, h(Text, null, 'left')), h(Text, null, 'right')),
  h(Text, null, 'a·b ── c…'), h(Text, null, '漢字|')));
process.stdout.write(JSON.stringify({ out, widths: ['a·b ── c…', '漢字', '\\u00ad'].map((s) => stringWidth(s)) }));
`);
  await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dir, 'out.cjs'),
    define: { 'process.env.NODE_ENV': '"production"' }, external: ['react-devtools-core'], nodePaths: [join(repo, 'node_modules')],
    supported: { 'dynamic-import': false }, logLevel: 'error', plugins: [inkCjs],
  });
  const r = JSON.parse(execFileSync(process.execPath, [join(dir, 'out.cjs')], { encoding: 'utf8' })) as { out: string; widths: number[] };
  assert.deepEqual(r.out.split('\n'), ['left      right', 'a·b ── c…', '漢字|']);
  assert.deepEqual(r.widths, [9, 4, 0]);
});
