// What the CLI sends for a build: the folder's path (Berth's engine on this machine), with an
// outside or inline Dockerfile as text, or a tar (another engine, or a Dockerfile too big to
// travel in the query).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { contextFor } from './build-context';

/** Reads a tar to its end (its walk of the folder must be over before the folder goes). */
async function drain(tar: Readable): Promise<void> {
  for await (const chunk of tar) void chunk;
}

const root = mkdtempSync(join(tmpdir(), 'berth-ctx-for-'));
after(() => rmSync(root, { recursive: true, force: true }));
const ctx = join(root, 'ctx');
mkdirSync(ctx);
writeFileSync(join(ctx, 'Dockerfile'), 'FROM busybox\n');
writeFileSync(join(root, 'Outside.Dockerfile'), 'FROM busybox\nRUN true\n');
writeFileSync(join(root, 'Big.Dockerfile'), `FROM busybox\n${'# padding\n'.repeat(1000)}`);

test('local engine: the folder in place; an outside or inline Dockerfile goes as text', async () => {
  assert.deepEqual(await contextFor(true, { dir: ctx }), { contextDir: ctx, dockerfile: 'Dockerfile' });
  assert.deepEqual(await contextFor(true, { dir: ctx, dockerfile: join(root, 'Outside.Dockerfile') }), { contextDir: ctx, dockerfile: 'Dockerfile', dockerfileInline: 'FROM busybox\nRUN true\n' });
  assert.deepEqual(await contextFor(true, { dir: ctx, inline: 'FROM scratch\n' }), { contextDir: ctx, dockerfile: 'Dockerfile', dockerfileInline: 'FROM scratch\n' });
});

test('another engine, or a Dockerfile over the query limit: a tar', async () => {
  const remote = await contextFor(false, { dir: ctx });
  assert.ok(remote.tar && remote.contextDir === undefined);
  await drain(remote.tar);
  const big = await contextFor(true, { dir: ctx, dockerfile: join(root, 'Big.Dockerfile') });
  assert.ok(big.tar && big.contextDir === undefined);
  assert.match(big.dockerfile, /^\.berth-dockerfile-[0-9a-f]{12}$/);
  await drain(big.tar);
});
