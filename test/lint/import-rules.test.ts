// The import-direction rules of DESIGN.md are enforced by dependency-cruiser. This test proves the
// rules bite: it builds a throw-away tree with one forbidden arrow per case and expects the cruise
// to name that rule, and a clean tree to pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const depcruise = join(repo, 'node_modules/.bin/depcruise');

async function cruise(files: Record<string, string>): Promise<{ status: number | null; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-lint-'));
  try {
    await copyFile(join(repo, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    await copyFile(join(repo, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, dirname(path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const roots = [...new Set(Object.keys(files).map((p) => p.split('/')[0]))];
    const r = spawnSync(depcruise, ['--config', '.dependency-cruiser.cjs', ...roots], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const cases: Array<[string, Record<string, string>]> = [
  ['runtime-not-to-core-or-cli', { 'runtime/a.ts': "import { b } from '../core/b';\nexport const a = b;", 'core/b.ts': 'export const b = 1;' }],
  ['core-not-to-cli', { 'core/a.ts': "import { b } from '../cli/b';\nexport const a = b;", 'cli/b.ts': 'export const b = 1;' }],
  ['core-only-runtime-api-types', { 'core/a.ts': "import { b } from '../runtime/images/b';\nexport const a = b;", 'runtime/images/b.ts': 'export const b = 1;' }],
  ['core-runtime-types-type-only', { 'core/a.ts': "import { b } from '../runtime/api/types';\nexport const a = b;", 'runtime/api/types.ts': 'export const b = 1;' }],
  ['pure-spec-reconcile', { 'core/spec/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;" }],
  ['watch-not-below-compose', { 'core/reconcile/a.ts': "import { b } from '../watch/b';\nexport const a = b;", 'core/watch/b.ts': 'export const b = 1;' }],
  ['dash-only-from-dash-command', { 'cli/commands/up.ts': "import { b } from '../dash/b';\nexport const a = b;", 'cli/dash/b.ts': 'export const b = 1;' }],
  ['dash-not-to-runtime', { 'cli/dash/a.ts': "import { b } from '../../runtime/api/types';\nexport const a = b;", 'runtime/api/types.ts': 'export const b = 1;' }],
  ['runtime-primitives-not-to-services', { 'runtime/oci/a.ts': "import { b } from '../containers/b';\nexport const a = b;", 'runtime/containers/b.ts': 'export const b = 1;' }],
  ['distribution-beside-images', { 'runtime/distribution/a.ts': "import { b } from '../containers/b';\nexport const a = b;", 'runtime/containers/b.ts': 'export const b = 1;' }],
  ['images-not-to-distribution', { 'runtime/images/a.ts': "import { b } from '../distribution/b';\nexport const a = b;", 'runtime/distribution/b.ts': 'export const b = 1;' }],
  ['fsafe-is-a-primitive', { 'runtime/fsafe/a.ts': "import { b } from '../containers/b';\nexport const a = b;", 'runtime/containers/b.ts': 'export const b = 1;' }],
  ['pure-kube', { 'core/kube/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;" }],
  ['pure-kube', { 'core/kube/a.ts': "import { b } from '../engine/b';\nexport const a = b;", 'core/engine/b.ts': 'export const b = 1;' }],
  ['build-only-images-and-primitives', { 'runtime/build/a.ts': "import { b } from '../containers/b';\nexport const a = b;", 'runtime/containers/b.ts': 'export const b = 1;' }],
];

for (const [rule, files] of cases) {
  test(`import rule ${rule} fails the lint`, async () => {
    const r = await cruise(files);
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, new RegExp(`error ${rule}:`));
  });
}

test('allowed arrows pass the lint (cli -> core -> type-only runtime/api/types)', async () => {
  const r = await cruise({
    'cli/a.ts': "import { c } from '../core/c';\nexport const a = c;",
    'core/c.ts': "import type { T } from '../runtime/api/types';\nexport const c: T = 1;",
    'runtime/api/types.ts': 'export type T = number;',
  });
  assert.equal(r.status, 0, r.out);
});
