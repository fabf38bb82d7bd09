// docker-compose v1 (Debian's docker-compose 1.29, through docker-py) pointed at berthd with
// DOCKER_HOST brings examples/twenty (20 services, 4 tiers of depends_on) up and down; berth's own
// `ps` recognises the containers by their com.docker.compose.* labels, and nothing is left after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { E2eEngine } from '../e2e/harness';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const twenty = fileURLToPath(new URL('../../examples/twenty/', import.meta.url));
const haveV1 = existsSync('/usr/bin/docker-compose');
let e: E2eEngine;

before(async () => {
  e = await E2eEngine.create('berth-v1-');
});
after(async () => {
  await ok('docker-compose', ['down', '-t', '1']).catch(() => undefined);
  await e.close();
});

/** `berth ARGS` or `docker-compose ARGS` (DOCKER_HOST at this engine) in examples/twenty. */
async function ok(cmd: 'berth' | 'docker-compose', args: string[]): Promise<string> {
  const r = await e.ok(args, { cwd: twenty, timeoutMs: 90_000, cmd: cmd === 'berth' ? undefined : cmd });
  return r.stdout;
}

test('docker-compose v1 brings the 20-service example up and down on berthd', { skip: !haveV1 && 'docker-compose is not installed' }, async () => {
  await ok('berth', ['image', 'load', '-i', e.archive]);
  await ok('docker-compose', ['up', '-d']);
  const ps = await ok('docker-compose', ['ps']);
  assert.equal(ps.split('\n').filter((l) => /^twenty_t\ds\d_1\s.*\bUp\b/.test(l)).length, 20, ps);
  const ours = (await ok('berth', ['ps', '--format', 'json'])).trim().split('\n').map((l) => JSON.parse(l) as { Service: string; State: string });
  assert.equal(ours.length, 20);
  assert.ok(ours.every((c) => c.State === 'running'));
  await ok('docker-compose', ['down', '-t', '1']);
  assert.equal(await ok('berth', ['container', 'ls', '-a', '-q']), '');
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(e.names.networkPrefix));
  assert.deepEqual(links, []);
});
