// docker-compose v1 (Debian's docker-compose 1.29, through docker-py) pointed at berthd with
// DOCKER_HOST brings examples/twenty (20 services, 4 tiers of depends_on) up and down; berth's own
// `ps` recognises the containers by their com.docker.compose.* labels, and nothing is left after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnginePid, stopEngineProcess } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from '../api/helpers';

const bin = fileURLToPath(new URL('../../bin/berth', import.meta.url));
const twenty = fileURLToPath(new URL('../../examples/twenty/', import.meta.url));
const haveV1 = existsSync('/usr/bin/docker-compose');
let t: TempRoot;
const names = testNames();

before(async () => {
  t = await tempRoot('berth-v1-');
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'busybox', tag: 'latest' });
});
after(async () => {
  await run('docker-compose', ['down', '-t', '1']).catch(() => undefined);
  await resetNetworks(t.socketPath);
  const pid = await readEnginePid(t.root);
  if (pid !== undefined) await stopEngineProcess(pid);
  await unmountUnder(t.root);
  await removeCgroupParent(names.cgroupParent);
  await t.cleanup();
});

interface Run { code: number; stdout: string; stderr: string }

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env, BERTH_ROOT: t.root, BERTH_HOST: `unix://${t.socketPath}`, DOCKER_HOST: `unix://${t.socketPath}`,
      BERTH_NETWORK_PREFIX: names.networkPrefix, BERTH_CGROUP_PARENT: names.cgroupParent,
    };
    const p = spawn(cmd === 'berth' ? process.execPath : cmd, cmd === 'berth' ? [bin, ...args] : args, { env, cwd: twenty });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b; });
    p.stderr.on('data', (b: Buffer) => { stderr += b; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`${cmd} ${args.join(' ')} timed out`)); }, 90_000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
    p.stdin.end();
  });
}

async function ok(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

test('docker-compose v1 brings the 20-service example up and down on berthd', { skip: !haveV1 && 'docker-compose is not installed' }, async () => {
  await ok('berth', ['image', 'load', '-i', join(t.dir, 'bb.tar')]);
  await ok('docker-compose', ['up', '-d']);
  const ps = await ok('docker-compose', ['ps']);
  assert.equal(ps.split('\n').filter((l) => /^twenty_t\ds\d_1\s.*\bUp\b/.test(l)).length, 20, ps);
  const ours = (await ok('berth', ['ps', '--format', 'json'])).trim().split('\n').map((l) => JSON.parse(l) as { Service: string; State: string });
  assert.equal(ours.length, 20);
  assert.ok(ours.every((c) => c.State === 'running'));
  await ok('docker-compose', ['down', '-t', '1']);
  assert.equal(await ok('berth', ['container', 'ls', '-a', '-q']), '');
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(names.networkPrefix));
  assert.deepEqual(links, []);
});
