// Compose files that are not regular files: a FIFO named by `-f` (or by `include`) is refused at
// once, from a stat before any open, instead of blocking on an open that waits for a writer for
// ever; run through the bundle with a deadline, so a regression fails instead of hanging the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/berth', import.meta.url));
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-spec-fifo-'));
  const mk = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
  assert.equal(mk.status, 0, String(mk.stderr));
  writeFileSync(join(dir, 'compose.yaml'), 'include:\n  - pipe.yaml\nservices:\n  web:\n    image: nginx\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const config = (args: string[]) => spawnSync(bin, ['config', ...args], { cwd: dir, encoding: 'utf8', timeout: 15_000, env: { ...process.env, HOME: dir } });

test('-f naming a FIFO is refused, not read', () => {
  const r = config(['-f', 'pipe.yaml']);
  assert.equal(r.error, undefined, 'berth config returned (no timeout)');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `berth: open ${join(dir, 'pipe.yaml')}: not a regular file (a FIFO)\n`);
});

test('an include naming a FIFO is refused at the include line', () => {
  const r = config([]);
  assert.equal(r.error, undefined, 'berth config returned (no timeout)');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `${join(dir, 'compose.yaml')}:2:5: open ${join(dir, 'pipe.yaml')}: not a regular file (a FIFO)\n    - pipe.yaml\n      ^\n`);
});
