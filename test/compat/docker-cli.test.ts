// The real `docker` CLI (v28, client only) pointed at berthd with DOCKER_HOST=unix://<sock>:
// version, info, load, images, run --rm, run -d, ps -a, logs, exec (with and without -i), inspect,
// cp, stop, rm -f, image rm — the commands whose requests are traced in
// shared/notes/docker-api-client-traces.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Daemon } from '../../runtime/daemon/main';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { runDocker, type Run } from './docker-runner';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from '../api/helpers';

let t: TempRoot;
let daemon: Daemon;
const { networkPrefix } = testNames();
const cgroupParent = `berth-compat-${randomBytes(3).toString('hex')}`;

before(async () => {
  t = await tempRoot('berth-compat-docker-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  await mkdir(join(t.dir, 'docker-config'));
});
after(async () => {
  await docker(['rm', '-f', 'compat-t1']).catch(() => undefined);
  if (t) await resetNetworks(t.socketPath);
  await daemon?.close();
  await unmountUnder(t.root);
  await removeCgroupParent(cgroupParent);
  await t?.cleanup();
});

const docker = (args: string[], input?: string): Promise<Run> => runDocker(t, args, input);

async function ok(args: string[], input?: string): Promise<string> {
  const r = await docker(args, input);
  assert.equal(r.code, 0, `docker ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

test('docker version and info talk to berthd', async () => {
  const v = JSON.parse(await ok(['version', '--format', '{{json .Server}}']));
  assert.equal(v.Platform.Name, 'Berth Engine');
  assert.equal(v.ApiVersion, '1.45');
  const info = JSON.parse(await ok(['info', '--format', '{{json .}}']));
  assert.equal(info.DockerRootDir, t.root);
  assert.equal(info.OSType, 'linux');
});

test('docker load, images, image inspect', async () => {
  assert.match(await ok(['load', '-i', join(t.dir, 'bb.tar')]), /Loaded image: bb:latest/);
  const images = await ok(['images', '--format', '{{.Repository}}:{{.Tag}}']);
  assert.deepEqual(images.trim().split('\n'), ['bb:latest']);
  assert.match(await ok(['image', 'inspect', '--format', '{{.Os}}', 'bb']), /^linux$/m);
});

test('docker run --rm: output, exit status, removal', async () => {
  assert.equal(await ok(['run', '--rm', 'bb:latest', 'echo', 'hi']), 'hi\n');
  const failed = await docker(['run', '--rm', 'bb', 'sh', '-c', 'echo oops >&2; exit 5']);
  assert.equal(failed.code, 5);
  assert.equal(failed.stderr, 'oops\n');
  assert.equal(await ok(['run', '-i', '--rm', 'bb', 'tr', 'a-z', 'A-Z'], 'shout\n'), 'SHOUT\n', 'run -i: stdin attached');
  assert.equal((await ok(['ps', '-a', '-q'])).trim(), '', 'nothing left');
  const missing = await docker(['run', '--rm', 'nope:1', 'true']);
  assert.notEqual(missing.code, 0);
});

test('docker run -d, ps -a, logs, exec, exec -i, inspect, cp, stop, rm -f', async () => {
  const id = (await ok(['run', '-d', '--name', 'compat-t1', 'bb:latest', 'sh', '-c', 'echo booted; exec sleep 300'])).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  const ps = await ok(['ps', '-a', '--format', '{{.Names}} {{.State}}']);
  assert.match(ps, /^compat-t1 running$/m);
  await until(async () => (await ok(['logs', 'compat-t1'])) === 'booted\n');
  assert.equal(await ok(['exec', 'compat-t1', 'echo', 'hi']), 'hi\n');
  const ex = await docker(['exec', 'compat-t1', 'sh', '-c', 'exit 4']);
  assert.equal(ex.code, 4);
  assert.equal(await ok(['exec', '-i', 'compat-t1', 'sh', '-c', 'cat'], 'through stdin\n'), 'through stdin\n');
  assert.match(await ok(['exec', '-t', 'compat-t1', 'tty']), /^\/dev\/pts\/\d+\r?\n$/, 'exec -t: a pty of the container\'s own devpts');
  assert.equal((await ok(['inspect', '--format', '{{.State.Status}} {{.Name}}', 'compat-t1'])).trim(), 'running /compat-t1');
  const stats = await ok(['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}', 'compat-t1']);
  assert.match(stats, /^compat-t1 [\d.]+[KMG]iB \/ [\d.]+[MG]iB$/m, 'memory limit capped at the host memory');
  assert.match(await ok(['system', 'df']), /^Images\s+1\s+1\s/m);
  const dest = join(t.dir, 'passwd');
  await ok(['cp', 'compat-t1:/etc/passwd', dest]);
  assert.match(await readFile(dest, 'utf8'), /^root:/m);
  // cp in (PUT archive through runtime/fsafe), then read back from inside.
  await ok(['cp', dest, 'compat-t1:/tmp/copied-in']);
  assert.match(await ok(['exec', 'compat-t1', 'cat', '/tmp/copied-in']), /^root:/m);
  assert.equal((await ok(['stop', '-t', '1', 'compat-t1'])).trim(), 'compat-t1');
  assert.match(await ok(['ps', '-a', '--format', '{{.Status}}']), /^Exited \(137\)/m);
  assert.equal((await ok(['rm', '-f', 'compat-t1'])).trim(), 'compat-t1');
  assert.equal((await ok(['ps', '-a', '-q'])).trim(), '');
});

test('docker run --device: the node exists with its cgroup permission; a non-device is refused', async () => {
  // /dev/cpu_dma_latency (10:259) is not among the devices every container gets: only --device
  // brings it. Opening it to read is allowed with "r", to write refused by the device cgroup.
  const script = 'stat -c %t:%T /dev/mydev; (exec 3</dev/mydev) && echo readable; (exec 3>/dev/mydev) 2>/dev/null && echo writable || echo denied';
  assert.equal(await ok(['run', '--rm', '--device', '/dev/cpu_dma_latency:/dev/mydev:r', 'bb', 'sh', '-c', script]), 'a:103\nreadable\ndenied\n');
  assert.equal(await ok(['run', '--rm', '--device', '/dev/cpu_dma_latency:/dev/mydev:rw', 'bb', 'sh', '-c', script]), 'a:103\nreadable\nwritable\n');
  assert.equal(await ok(['run', '--rm', 'bb', 'sh', '-c', 'test -e /dev/mydev || echo absent']), 'absent\n');
  const bad = await docker(['run', '--rm', '--device', '/etc/hostname:/dev/x', 'bb', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /not a device node/);
});

test('docker run -p 127.0.0.1:0:80 and -p 127.0.0.1::81: the engine picks free ports, inspect and port show them', async () => {
  const id = (await ok(['run', '-d', '-p', '127.0.0.1:0:80', '-p', '127.0.0.1::81', 'bb', 'sleep', '30'])).trim();
  const ports = JSON.parse(await ok(['inspect', '--format', '{{json .NetworkSettings.Ports}}', id])) as Record<string, Array<{ HostIp: string; HostPort: string }>>;
  const p80 = Number(ports['80/tcp']?.[0]?.HostPort);
  const p81 = Number(ports['81/tcp']?.[0]?.HostPort);
  assert.ok(p80 > 0 && p81 > 0 && p80 !== p81, JSON.stringify(ports));
  assert.equal((await ok(['port', id, '80'])).trim(), `127.0.0.1:${p80}`);
  await ok(['rm', '-f', id]);
});

test('docker run --entrypoint "": the image entrypoint is cleared, the command runs', async () => {
  assert.equal(await ok(['run', '--rm', '--entrypoint', '', 'bb', 'echo', 'plain']), 'plain\n');
});

test('docker image rm', async () => {
  assert.match(await ok(['image', 'rm', 'bb:latest']), /Untagged: bb:latest/);
  assert.equal((await ok(['images', '-q'])).trim(), '');
});

async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('condition not met in time');
}
