// A built image pushed to a loopback registry (Debian's docker-registry, started by the test) and
// pulled back is the same image byte for byte: same image id, same manifest digest, and the same
// config and layer blobs in `docker save` before and after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { BuildEngine } from './helpers';
import { startRegistry, type TestRegistry } from '../registry/harness';

let e: BuildEngine;
let reg: TestRegistry;
before(async () => {
  process.env.BERTH_REGISTRY_LOOPBACK_ONLY = '1';
  e = await BuildEngine.start('berth-build-reg-');
  reg = await startRegistry(join(e.t.dir, 'registry'));
});
after(async () => {
  await reg?.stop();
  await e?.close();
});

async function ok(args: string[]): Promise<string> {
  const r = await e.docker(args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** sha256 of every file `docker save` writes for `ref` (blobs, config, manifest.json). */
async function savedBlobs(ref: string, name: string): Promise<Record<string, string>> {
  const tarPath = join(e.t.dir, `${name}.tar`);
  await ok(['save', '-o', tarPath, ref]);
  const dir = join(e.t.dir, name);
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('tar', ['-xf', tarPath, '-C', dir]);
  const out: Record<string, string> = {};
  const files = execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
  for (const f of files) out[f.slice(dir.length + 1)] = createHash('sha256').update(await readFile(f)).digest('hex');
  return out;
}

test('a built image pushed to a loopback registry and pulled back is byte-identical', async () => {
  const dir = await e.context('roundtrip', {
    Dockerfile: 'FROM busybox\nCOPY data.txt /data/\nRUN echo layered > /data/run.txt\nCMD ["cat", "/data/data.txt", "/data/run.txt"]\n',
    'data.txt': 'pushed and pulled\n',
  });
  const ref = `${reg.host}/built/app:1`;
  const built = (await ok(['build', '-q', '-t', ref, dir])).trim();
  const before = await savedBlobs(ref, 'before');
  const push = await ok(['push', ref]);
  const pushed = /digest: (sha256:[0-9a-f]{64})/.exec(push)?.[1];
  assert.ok(pushed, push);
  await ok(['image', 'rm', ref]);
  await ok(['image', 'prune', '-a', '-f']);
  const pull = await ok(['pull', ref]);
  assert.match(pull, new RegExp(`Digest: ${pushed}`));
  assert.equal((await ok(['image', 'inspect', '--format', '{{.Id}}', ref])).trim(), built);
  assert.deepEqual(await savedBlobs(ref, 'after'), before);
  assert.equal(await ok(['run', '--rm', ref]), 'pushed and pulled\nlayered\n');
});
