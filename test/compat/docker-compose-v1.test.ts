// docker-compose 1.29 (Debian's, speaking through docker-py) against berthd: up -d with a named
// volume and the project network (it sets aliases by disconnecting and reconnecting each created
// container), ps, exec reaching the other service by its name, a second up that changes nothing,
// up --force-recreate (the volume's data kept), down -v.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from '../api/helpers';

let t: TempRoot;
let daemon: Daemon;
const { networkPrefix } = testNames();
const cgroupParent = `berth-dcv1-${randomBytes(3).toString('hex')}`;
const COMPOSE = `version: "2.4"
services:
  web:
    image: bb:latest
    command: httpd -f -p 80 -h /data
    volumes: [data:/data]
  client:
    image: bb:latest
    command: sleep 300
    depends_on: [web]
volumes:
  data: {}
`;

before(async () => {
  t = await tempRoot('berth-compat-dc-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  const c = new EngineClient(t.socketPath);
  await c.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  c.close();
  await mkdir(join(t.dir, 'proj'));
  await writeFile(join(t.dir, 'proj', 'docker-compose.yml'), COMPOSE);
});
after(async () => {
  await compose(['down', '-v', '-t', '0']).catch(() => undefined);
  if (t) await resetNetworks(t.socketPath);
  await daemon?.close();
  await unmountUnder(t.root);
  await removeCgroupParent(cgroupParent);
  await t?.cleanup();
});

function compose(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, DOCKER_HOST: `unix://${t.socketPath}`, COMPOSE_INTERACTIVE_NO_CLI: '1' };
    const p = spawn('docker-compose', ['-p', 'tr', ...args], { cwd: join(t.dir, 'proj'), env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b; });
    p.stderr.on('data', (b: Buffer) => { stderr += b; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`docker-compose ${args.join(' ')} timed out: ${stderr}`)); }, 60_000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
  });
}

test('docker-compose v1: up -d, ps, exec by service name, down -v', async () => {
  const up = await compose(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stderr, /Creating volume "tr_data"/);
  const ps = await compose(['ps']);
  assert.match(ps.stdout, /tr_web_1\s+httpd -f -p 80 -h \/data\s+Up/);
  assert.match(ps.stdout, /tr_client_1\s+sleep 300\s+Up/);
  const put = await compose(['exec', '-T', 'web', 'sh', '-c', 'echo served > /data/index.html']);
  assert.equal(put.code, 0, put.stderr);
  const got = await compose(['exec', '-T', 'client', 'wget', '-q', '-O', '-', 'http://web/']);
  assert.equal(got.code, 0, got.stderr);
  assert.equal(got.stdout, 'served\n', 'the client reached web by its service alias');
  // a second up changes nothing; --force-recreate replaces both (compose v1 reads the image's
  // ContainerConfig while it does) and the named volume keeps its data
  const again = await compose(['up', '-d']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /tr_web_1 is up-to-date/);
  const recreate = await compose(['up', '-d', '--force-recreate']);
  assert.equal(recreate.code, 0, recreate.stderr);
  assert.match(recreate.stderr, /Recreating tr_web_1 \.\.\. done/);
  const after = await compose(['exec', '-T', 'client', 'wget', '-q', '-O', '-', 'http://web/']);
  assert.equal(after.stdout, 'served\n', after.stderr);
  const down = await compose(['down', '-v', '-t', '0']);
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stderr, /Removing network tr_default/);
  assert.match(down.stderr, /Removing volume tr_data/);
  const c = new EngineClient(t.socketPath);
  try {
    assert.deepEqual(await c.listContainers({ all: true }), []);
  } finally {
    c.close();
  }
});
