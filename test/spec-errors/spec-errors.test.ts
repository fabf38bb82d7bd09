// Malformed compose files: `berth config` exits 1 and prints the error as a human reads it:
// file:line:col and the message (with did-you-mean where a key is misspelt), then the line and a
// caret. Each case folder holds compose.yaml, maybe `args`, and expected.txt (the exact stderr,
// __DIR__ = the case folder), written by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConfigCommand } from '../conformance/corpus-config';
import { shellSplit } from '../../core/spec/normalize/shell-words';

const CASES = fileURLToPath(new URL('./cases', import.meta.url));
const names = readdirSync(CASES).sort();

test('there are at least 30 error cases', () => {
  assert.ok(names.length >= 30, `only ${names.length}`);
});

for (const name of names) {
  const dir = join(CASES, name);
  test(name, async () => {
    const argsFile = join(dir, 'args');
    const args = existsSync(argsFile) ? shellSplit(readFileSync(argsFile, 'utf8').trim()) : [];
    const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').replaceAll('__DIR__', dir);
    const r = await runConfigCommand(args, dir, { HOME: '/home/spec-errors' });
    assert.equal(r.code, 1, `exit code (stdout: ${r.out})`);
    assert.equal(r.out, '', 'nothing on stdout');
    assert.equal(r.err, expected);
  });
}
