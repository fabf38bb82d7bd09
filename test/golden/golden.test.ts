// Golden tests of `berth config`: each folder of cases/ holds a compose project (compose.yaml,
// maybe .env and override files), an optional `args` line of config flags, and the output
// `docker compose config` prints for it, written by hand: expected.yaml (or expected.txt for
// listings and JSON). __DIR__ stands for the case folder, __HOME__ for $HOME.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConfigCommand } from '../conformance/corpus-config';
import { shellSplit } from '../../core/spec/normalize/shell-words';

const CASES = fileURLToPath(new URL('./cases', import.meta.url));
const HOME = '/home/golden';

function read(dir: string, name: string): string | undefined {
  const p = join(dir, name);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

const names = readdirSync(CASES).sort();

test('there are at least 60 golden cases', () => {
  assert.ok(names.length >= 60, `only ${names.length}`);
});

for (const name of names) {
  const dir = join(CASES, name);
  test(name, async () => {
    const args = shellSplit((read(dir, 'args') ?? '').trim());
    const expected = read(dir, 'expected.yaml') ?? read(dir, 'expected.txt');
    assert.ok(expected !== undefined, 'expected.yaml or expected.txt');
    const r = await runConfigCommand(['config', ...args].slice(1), dir, { HOME });
    assert.equal(r.err, '', 'no error output');
    assert.equal(r.code, 0);
    assert.equal(r.out, expected.replaceAll('__DIR__', dir).replaceAll('__HOME__', HOME));
  });
}
