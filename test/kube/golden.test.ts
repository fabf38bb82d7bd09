// Golden tests of `berth convert --to kubernetes`, one folder per feature, to be read as its
// documentation: compose.yaml (and args.txt, the flags, one per line) in; manifests.yaml (stdout)
// and report.txt (stderr) out. UPDATE=1 rewrites the expected files from what the converter says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { convert } from './convert-cli';
import { assertValid } from './validate';
import type { KubeObject } from '../../core/kube/index';

const root = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE === '1';

function readOr(path: string, fallback: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : fallback;
}

for (const feature of readdirSync(root).sort()) {
  test(`convert golden: ${feature}`, async () => {
    const dir = join(root, feature);
    const args = readOr(join(dir, 'args.txt'), '').split('\n').filter((l) => l.trim() !== '');
    const r = await convert(['-f', 'compose.yaml', ...args], dir);
    const expectedExit = Number(readOr(join(dir, 'exit.txt'), '0'));
    assert.equal(r.code, expectedExit, r.err);
    if (update) {
      writeFileSync(join(dir, 'manifests.yaml'), r.out);
      writeFileSync(join(dir, 'report.txt'), r.err);
    }
    assert.equal(r.out, readFileSync(join(dir, 'manifests.yaml'), 'utf8'), `${feature}: manifests (UPDATE=1 to regenerate)`);
    assert.equal(r.err, readFileSync(join(dir, 'report.txt'), 'utf8'), `${feature}: report (UPDATE=1 to regenerate)`);
    const objects = parseAllDocuments(r.out).map((d) => d.toJS() as KubeObject);
    assertValid(objects, feature);
  });
}
