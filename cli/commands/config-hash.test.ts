// `config --hash SVC` loads only SVC (and its dependencies), as compose's runHash: another
// service's missing env_file fails only `--hash` of that service, or of "*".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfigCommand } from '../../test/conformance/corpus-config';

test('--hash of a service ignores another service\'s missing env_file; "*" and that service fail', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-config-hash-'));
  try {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  a: {image: x}\n  b: {image: x, env_file: [/does/not/exist.env]}\n');
    const a = await runConfigCommand(['--hash', 'a'], dir, {});
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, /^a [0-9a-f]{64}\n$/);
    for (const spec of ['b', '*', 'a,b']) {
      const r = await runConfigCommand(['--hash', spec], dir, {});
      assert.equal(r.code, 1, spec);
      assert.match(r.err, /env file \/does\/not\/exist.env not found/);
    }
    assert.equal((await runConfigCommand(['--no-env-resolution', '--hash', 'b'], dir, {})).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
