// berth's global flags (-H/--host, --root) end where a command's arguments begin: a container's
// own `-H` or `--root` reaches the container (it failed: berth took `-H hello` as its engine),
// while the same flags before the image still choose the engine; and `--device`. Through the
// bundle (bin/berth).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { E2eEngine } from '../e2e/harness';

let e: E2eEngine;

before(async () => {
  e = await E2eEngine.create('berth-cli-globals-');
  await e.ok(['image', 'load', '-i', e.archive], {});
});
after(async () => {
  await e.close();
});

test('container run busybox echo -H hello: the container gets -H hello', async () => {
  assert.equal((await e.ok(['container', 'run', '--rm', 'busybox', 'echo', '-H', 'hello'], {})).stdout, '-H hello\n');
  assert.equal((await e.ok(['container', 'run', '--rm', 'busybox', 'echo', '--root', '/x', '--host=y'], {})).stdout, '--root /x --host=y\n');
});

test('global flags before the image still pick the engine', async () => {
  const r = await e.ok(['container', 'run', '--rm', '-H', `unix://${e.t.socketPath}`, '--root', e.t.root, 'busybox', 'echo', '-H', 'x'], {});
  assert.equal(r.stdout, '-H x\n');
  const id = (await e.ok(['container', 'run', '-d', 'busybox', 'sleep', '30'], {})).stdout.trim();
  assert.equal((await e.ok(['container', 'exec', id, 'echo', '-H', 'in-exec'], {})).stdout, '-H in-exec\n');
  await e.ok(['container', 'rm', '-f', id], {});
});

test('berth container run --device creates the node in the container', async () => {
  const r = await e.ok(['container', 'run', '--rm', '--device', '/dev/cpu_dma_latency:/dev/mydev:r', 'busybox', 'stat', '-c', '%t:%T', '/dev/mydev'], {});
  assert.equal(r.stdout, 'a:103\n');
});
