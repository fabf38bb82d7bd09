// The Python docker SDK (Debian's python3-docker) against berthd: test/compat/python-sdk-flows.py
// runs each flow its users write (containers.run returning the output, a ContainerError on a
// failing command, HostConfig defaults, a detached container with a named volume and a port on
// any free host port, exec_run, an entrypoint cleared with "") and reports each as a JSON line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { closeDaemonSuite, tempRoot, testNames, type TempRoot } from '../api/helpers';

let t: TempRoot;
let daemon: Daemon;
const { networkPrefix } = testNames();
const cgroupParent = `berth-pysdk-${randomBytes(3).toString('hex')}`;
const script = fileURLToPath(new URL('./python-sdk-flows.py', import.meta.url));

before(async () => {
  t = await tempRoot('berth-compat-py-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  const c = new EngineClient(t.socketPath);
  await c.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  c.close();
});
after(async () => {
  await closeDaemonSuite(t, daemon, cgroupParent);
});

interface FlowResult { flow: string; ok: boolean; detail: unknown }

function runFlows(): Promise<FlowResult[]> {
  return new Promise((resolve, reject) => {
    const p = spawn('python3', [script], { env: { ...process.env, DOCKER_HOST: `unix://${t.socketPath}` } });
    let out = '';
    let err = '';
    p.stdout.on('data', (b: Buffer) => { out += b; });
    p.stderr.on('data', (b: Buffer) => { err += b; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`python flows timed out: ${err}`)); }, 90_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) { reject(new Error(`python exited ${code}: ${err}`)); return; }
      resolve(out.trim().split('\n').map((l) => JSON.parse(l) as FlowResult));
    });
  });
}

test('python docker SDK: every flow passes', { timeout: 120_000 }, async () => {
  const results = await runFlows();
  assert.equal(results.length, 5, JSON.stringify(results));
  for (const r of results) assert.ok(r.ok, `${r.flow}:\n${String(r.detail)}`);
});
