// Testcontainers for Node against berthd (DOCKER_HOST at the test's socket, Ryuk off): a
// GenericContainer exposing a port (Testcontainers asks HostPort "0" for each), its default wait
// strategy (host port open, and the port listening inside, checked through exec), an HTTP request
// to the mapped port, exec, logs, and stop (which removes it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { get as httpGet } from 'node:http';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { closeDaemonSuite, tempRoot, testNames, type TempRoot } from '../api/helpers';

let t: TempRoot;
let daemon: Daemon;
const { networkPrefix } = testNames();
const cgroupParent = `berth-tc-${randomBytes(3).toString('hex')}`;

before(async () => {
  t = await tempRoot('berth-compat-tc-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  const c = new EngineClient(t.socketPath);
  await c.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  c.close();
  // Testcontainers reads its configuration from the environment at first use.
  Object.assign(process.env, { DOCKER_HOST: `unix://${t.socketPath}`, TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1' });
});
after(async () => {
  await closeDaemonSuite(t, daemon, cgroupParent);
});

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => { body += b; });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

test('testcontainers: start with an exposed port, wait, HTTP to the mapped port, exec, logs, stop', { timeout: 120_000 }, async () => {
  const { GenericContainer } = await import('testcontainers');
  const started = await new GenericContainer('bb:latest')
    .withExposedPorts(80)
    .withCommand(['sh', '-c', 'mkdir -p /www && echo hello from tc > /www/index.html && echo serving && exec httpd -f -p 80 -h /www'])
    .start();
  try {
    const port = started.getMappedPort(80);
    assert.ok(port > 0 && port !== 80, String(port));
    assert.equal(await get(`http://127.0.0.1:${port}/`), 'hello from tc\n');
    const ex = await started.exec(['sh', '-c', 'echo out; echo err >&2; exit 2']);
    assert.deepEqual([ex.exitCode, ex.stdout, ex.stderr], [2, 'out\n', 'err\n']);
    const logs = await started.logs();
    const text = await new Promise<string>((resolve) => {
      let s = '';
      logs.on('data', (b: Buffer | string) => { s += String(b); if (s.includes('serving')) resolve(s); });
    });
    assert.match(text, /serving/);
    logs.destroy();
  } finally {
    await started.stop({ timeout: 1 });
  }
  const left = await new EngineClient(t.socketPath).listContainers({ all: true });
  assert.deepEqual(left, [], 'stop removed the container');
});
