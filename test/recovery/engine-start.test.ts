// The embedded engine starts from every command, also when a HOT command's bundle runs from its
// V8 code cache (cli/code-cache.ts): node 20 drops a vm.Script's dynamic-import callback when its
// code comes from the cache, so an import() in such a bundle failed with "A dynamic import
// callback was not specified" from the second run on, exactly when the engine had to be started
// (after a crash, or `engine stop`). scripts/build.mjs lowers import() to require() there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnginePid, stopEngineProcess } from '../../core/engine/index';
import { E2eEngine } from '../e2e/harness';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const HOT = ['container-run.cjs', 'container-create.cjs', 'up.cjs', 'down.cjs', 'image-pull.cjs'];
let e: E2eEngine;

before(async () => { e = await E2eEngine.create('berth-rec-start-'); });
after(async () => { await e.close(); });

test('no HOT bundle holds an import(): what they load lazily is a require()', async () => {
  const build = dirname(await realpath(join(repo, 'dist/main.cjs')));
  for (const f of HOT) {
    const text = await readFile(join(build, f), 'utf8');
    assert.deepEqual([...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]), [], `${f} still has import()`);
  }
});

test('container run and up start a stopped engine from their code-cached bundles, run after run', async () => {
  const build = dirname(await realpath(join(repo, 'dist/main.cjs')));
  const dir = await e.project('p', 'services:\n  a:\n    image: busybox:latest\n    command: "true"\n    network_mode: none\n');
  await e.ok(['image', 'load', '-i', e.archive], {});
  for (let round = 0; round < 2; round++) {
    await stopEngine();
    const r = await e.run(['container', 'run', '--rm', '--network', 'none', 'busybox:latest', 'true'], {});
    assert.equal(r.code, 0, `round ${round}: ${r.stderr}`);
    await stopEngine();
    await e.ok(['up', '-d'], { cwd: dir });
    await e.ok(['down'], { cwd: dir });
  }
  // The second round ran from the caches the first one wrote.
  for (const f of ['container-run.cjs', 'up.cjs']) await stat(join(build, `${f}.v8cache`));
});

async function stopEngine(): Promise<void> {
  const pid = await readEnginePid(e.t.root);
  if (pid !== undefined) await stopEngineProcess(pid);
}
