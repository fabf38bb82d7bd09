// The file hash cache is never wrong: after any sequence of edits to a context (a write of the
// same size with the mtime put back, a rename over a file, a mode change, a file turned into a
// link or a directory, a new or removed file), the checksum a long-lived FileHashCache gives is
// the one a fresh cache (which reads every byte) gives; and a checksum changes exactly when the
// selected tree did. A file changed within the racy window is never taken from the cache.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import fc from 'fast-check';
import { checksumSources, FileHashCache, type Source } from './copy-sources';

const root = mkdtempSync(join(tmpdir(), 'berth-hash-prop-'));
after(() => rmSync(root, { recursive: true, force: true }));

const NAMES = ['a', 'b', 'c', 'd/e', 'd/f'];
const edit = fc.oneof(
  fc.record({ op: fc.constant('write-same-size-keep-mtime' as const), name: fc.constantFrom(...NAMES), byte: fc.integer({ min: 97, max: 122 }) }),
  fc.record({ op: fc.constant('write' as const), name: fc.constantFrom(...NAMES), text: fc.string({ maxLength: 8 }) }),
  fc.record({ op: fc.constant('rename-over' as const), name: fc.constantFrom(...NAMES), to: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant('chmod' as const), name: fc.constantFrom(...NAMES), mode: fc.constantFrom(0o600, 0o644, 0o755) }),
  fc.record({ op: fc.constant('symlink' as const), name: fc.constantFrom(...NAMES), target: fc.constantFrom('a', 'x/y', '../../z') }),
  fc.record({ op: fc.constant('remove' as const), name: fc.constantFrom(...NAMES) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(dir: string, e: Edit): void {
  const p = join(dir, e.name);
  mkdirSync(join(p, '..'), { recursive: true });
  const st = lstatSync(p, { throwIfNoEntry: false });
  if (st?.isDirectory()) return;
  if (e.op === 'write') { rmSync(p, { force: true }); writeFileSync(p, e.text); }
  else if (e.op === 'write-same-size-keep-mtime' && st?.isFile() && st.size > 0) {
    // Same size, same mtime: only ctime (and the bytes) tell the change.
    writeFileSync(p, Buffer.alloc(st.size, e.byte));
    utimesSync(p, st.atime, st.mtime);
  } else if (e.op === 'rename-over' && st && e.to !== e.name && !lstatSync(join(dir, e.to), { throwIfNoEntry: false })?.isDirectory()) {
    mkdirSync(join(dir, e.to, '..'), { recursive: true });
    renameSync(p, join(dir, e.to));
  } else if (e.op === 'chmod' && st?.isFile()) chmodSync(p, e.mode);
  else if (e.op === 'symlink') { rmSync(p, { force: true }); symlinkSync(e.target, p); }
  else if (e.op === 'remove') rmSync(p, { force: true });
}

test('a long-lived FileHashCache gives the checksum a fresh one gives, after any edits', async () => {
  let n = 0;
  await fc.assert(fc.asyncProperty(fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), async (rounds) => {
    const dir = join(root, String(n++));
    mkdirSync(join(dir, 'd'), { recursive: true });
    for (const name of NAMES) writeFileSync(join(dir, name), `${name}\n`);
    const sources: Source[] = [{ path: dir, rel: '.', isDir: true }];
    // A clock a minute ahead: every file counts as old enough to keep (the racy rule is tested
    // below), and a pause after each read moves the coarse clock on before the next write.
    const cache = new FileHashCache(() => Date.now() + 60_000);
    let previous = await checksumSources(sources, cache);
    let previousTree = snapshot(dir);
    for (const edits of rounds) {
      await setTimeout(20);
      for (const e of edits) apply(dir, e);
      const cached = await checksumSources(sources, cache);
      assert.equal(cached, await checksumSources(sources, new FileHashCache()));
      const tree = snapshot(dir);
      assert.equal(cached === previous, tree === previousTree, `checksum moved ${cached === previous ? 'not ' : ''}with the tree`);
      previous = cached;
      previousTree = tree;
    }
  }), { numRuns: 40 });
});

test('racy files: a file changed within the second before its read is hashed again next time', () => {
  const dir = join(root, 'racy');
  mkdirSync(dir, { recursive: true });
  const p = join(dir, 'f');
  writeFileSync(p, 'one');
  const st = lstatSync(p, { bigint: true });
  const ctimeMs = Number(st.ctimeNs / 1_000_000n);
  // Bytes changed while every stat field stayed (a write in the same clock tick): the stats are
  // the same object, so only the racy rule stands between the cache and a wrong hit.
  const fresh = new FileHashCache(() => ctimeMs + 5);
  const one = fresh.hash(p, st);
  writeFileSync(p, 'two');
  assert.notEqual(fresh.hash(p, st), one);
  const trusting = new FileHashCache(() => ctimeMs + 5_000);
  const kept = trusting.hash(p, st);
  writeFileSync(p, 'six');
  assert.equal(trusting.hash(p, st), kept, 'a file older than the racy window is taken from the cache');
});

/** What the checksum covers, read plainly: names, modes, bytes, link targets. */
function snapshot(dir: string, rel = ''): string {
  const out: string[] = [];
  for (const n of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    const st = lstatSync(join(dir, r));
    if (st.isSymbolicLink()) out.push(`${r} link ${readlinkSync(join(dir, r))}`);
    else if (st.isDirectory()) out.push(`${r} dir ${st.mode}`, snapshot(dir, r));
    else out.push(`${r} file ${st.mode} ${readFileSync(join(dir, r)).toString('hex')}`);
  }
  return out.join('\n');
}
