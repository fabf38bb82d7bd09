// The build cache on a real engine: a rebuild with nothing changed reuses every step and yields
// the same image id; changing one input re-runs exactly the steps that depend on it (a copied
// file: its COPY and what follows; a file no COPY selects: nothing; a build arg: from the RUN
// that sees it); --no-cache re-runs everything; the cache survives an engine restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildEngine } from './helpers';
import { buildDir } from './build-client';

let e: BuildEngine;
let dir: string;
before(async () => {
  e = await BuildEngine.start('berth-build-cache-');
  dir = await e.context('cache', {
    Dockerfile: [
      'FROM busybox',
      'ARG FLAVOUR=plain',
      'RUN echo base-step',
      'COPY src/ /src/',
      'RUN echo after-copy && cat /src/a.txt',
      'RUN echo "flavour $FLAVOUR"',
      'CMD ["cat", "/src/a.txt"]',
    ].join('\n'),
    'src/a.txt': 'A1\n', 'src/b.txt': 'B\n', 'unrelated.txt': 'u1\n',
  });
});
after(async () => { await e?.close(); });

const ran = (output: string): string[] => ['base-step', 'after-copy', 'flavour'].filter((s) => new RegExp(`^${s}`, 'm').test(output));
const build = (q = {}): ReturnType<typeof buildDir> => buildDir(e.t.socketPath, dir, q);

test('no-op rebuild: every step from the cache, same image id', async () => {
  const first = await build();
  assert.deepEqual(ran(first.output), ['base-step', 'after-copy', 'flavour']);
  const again = await build();
  assert.deepEqual(ran(again.output), []);
  assert.equal(again.id, first.id);
  assert.equal((again.output.match(/Using cache/g) ?? []).length, 6);
  // The same result under a new name: the image already stored takes the name, no new commit.
  const named = await build({ tags: ['cache-named:2'] });
  assert.equal(named.id, first.id);
  const inspected = await e.docker(['image', 'inspect', '--format', '{{.Id}} {{.RepoTags}}', 'cache-named:2']);
  assert.equal(inspected.stdout.trim(), `${first.id} [cache-named:2]`);
});

test('one input at a time: exactly the dependent steps re-run', async () => {
  const base = await build();
  await writeFile(join(dir, 'unrelated.txt'), 'u2\n');
  const unrelated = await build();
  assert.deepEqual(ran(unrelated.output), []);
  assert.equal(unrelated.id, base.id);
  await writeFile(join(dir, 'src/a.txt'), 'A2\n');
  const edited = await build();
  assert.deepEqual(ran(edited.output), ['after-copy', 'flavour']);
  assert.notEqual(edited.id, base.id);
  const arg = await build({ buildArgs: { FLAVOUR: 'spicy' } });
  assert.deepEqual(ran(arg.output), ['base-step', 'after-copy', 'flavour']);
  assert.match(arg.output, /^flavour spicy$/m);
  const argAgain = await build({ buildArgs: { FLAVOUR: 'spicy' } });
  assert.deepEqual(ran(argAgain.output), []);
});

test('a mode change alone (same bytes) re-runs from the COPY: metadata is content too', async () => {
  const base = await build();
  const { chmod } = await import('node:fs/promises');
  await chmod(join(dir, 'src/b.txt'), 0o600);
  const changed = await build();
  assert.deepEqual(ran(changed.output), ['after-copy', 'flavour']);
  assert.notEqual(changed.id, base.id);
});

test('--no-cache re-runs everything', async () => {
  const r = await build({ noCache: true });
  assert.deepEqual(ran(r.output), ['base-step', 'after-copy', 'flavour']);
  assert.doesNotMatch(r.output, /Using cache/);
});

test('the cache survives an engine restart', async () => {
  const before = await build();
  await e.restart();
  const after = await build();
  assert.deepEqual(ran(after.output), []);
  assert.equal(after.id, before.id);
});
