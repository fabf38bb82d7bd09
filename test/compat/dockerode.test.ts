// dockerode (the Node client Testcontainers builds on) against berthd: ping, version, info,
// loadImage, listImages, createContainer + attach(hijack) + wait + start (what `docker run` does),
// modem.demuxStream, logs, exec with inspect, inspect, stop, remove, getImage().remove().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough, type Duplex } from 'node:stream';
import Docker from 'dockerode';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from '../api/helpers';

let t: TempRoot;
let daemon: Daemon;
let docker: Docker;
const { networkPrefix } = testNames();
const cgroupParent = `berth-dockerode-${randomBytes(3).toString('hex')}`;

before(async () => {
  t = await tempRoot('berth-compat-dockerode-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  docker = new Docker({ socketPath: t.socketPath });
});
after(async () => {
  for (const c of await docker.listContainers({ all: true }).catch(() => [])) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  if (t) await resetNetworks(t.socketPath);
  await daemon?.close();
  await unmountUnder(t.root);
  await removeCgroupParent(cgroupParent);
  await t?.cleanup();
});

function collect(s: PassThrough): Promise<string> {
  return new Promise((resolve) => { let o = ''; s.on('data', (b: Buffer) => { o += b; }); s.on('end', () => resolve(o)); });
}

test('ping, version, info', async () => {
  assert.equal(String(await docker.ping()), 'OK');
  const v = await docker.version();
  assert.equal(v.ApiVersion, '1.45');
  const info = await docker.info();
  assert.equal(info.DockerRootDir, t.root);
});

test('loadImage and listImages', async () => {
  const stream = await docker.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  const out = await new Promise<string>((resolve, reject) => { let s = ''; stream.on('data', (b: Buffer) => { s += b; }); stream.on('end', () => resolve(s)); stream.on('error', reject); });
  assert.match(out, /Loaded image: bb:latest/);
  const images = await docker.listImages();
  assert.deepEqual(images.map((i) => i.RepoTags), [['bb:latest']]);
});

test('create, attach (hijacked), wait, start: the docker run sequence', async () => {
  const c = await docker.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo to-out; echo to-err >&2; exit 2'], HostConfig: { AutoRemove: false } });
  const stream = (await c.attach({ stream: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
  const waited = c.wait({ condition: 'next-exit' });
  await new Promise((r) => setTimeout(r, 20));
  await c.start();
  const out = new PassThrough();
  const err = new PassThrough();
  docker.modem.demuxStream(stream, out, err);
  const texts = Promise.all([collect(out), collect(err)]);
  await new Promise<void>((resolve) => stream.on('end', () => resolve()));
  out.end(); err.end();
  assert.deepEqual(await texts, ['to-out\n', 'to-err\n']);
  assert.equal((await waited).StatusCode, 2);
  const info = await c.inspect();
  assert.equal(info.State.Status, 'exited');
  assert.equal(info.State.ExitCode, 2);
  const logs = (await c.logs({ stdout: true, stderr: true })) as unknown as Buffer;
  assert.ok(Buffer.isBuffer(logs));
  assert.ok(logs.includes('to-out') && logs.includes('to-err'));
  await c.remove();
});

test('attach without Upgrade streams until the container ends, from its first output', async () => {
  const c = await docker.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo first; sleep 0.3; echo second >&2; sleep 0.3; echo third'] });
  const stream = (await c.attach({ stream: true, stdout: true, stderr: true, hijack: false })) as unknown as NodeJS.ReadableStream;
  await c.start();
  const out = new PassThrough();
  const err = new PassThrough();
  docker.modem.demuxStream(stream, out, err);
  const texts = Promise.all([collect(out), collect(err)]);
  await new Promise<void>((resolve) => stream.on('end', () => resolve()));
  out.end(); err.end();
  assert.deepEqual(await texts, ['first\nthird\n', 'second\n']);
  assert.equal((await c.inspect()).State.Status, 'exited');
  await c.remove();
});

test('attach with Upgrade: a request body never reaches the container\'s stdin', async () => {
  const c = await docker.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'cat; echo eof'], OpenStdin: true, StdinOnce: true });
  await c.start();
  const client = new EngineClient(t.socketPath);
  const { socket } = await client.transport.hijack({ method: 'POST', path: `/containers/${c.id}/attach?stream=1&stdin=1&stdout=1`, body: { not: 'stdin' } });
  const out = new PassThrough();
  docker.modem.demuxStream(socket, out, new PassThrough());
  const text = collect(out);
  socket.write('typed\n');
  socket.end();
  await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  out.end();
  assert.equal(await text, 'typed\neof\n');
  client.close();
  await c.remove({ force: true });
});

test('a TTY container: its own /dev/pts, ConsoleSize from the first byte, resize', async () => {
  const c = await docker.createContainer({ Image: 'bb', Tty: true, Cmd: ['sh', '-c', 'tty; stty size; sleep 1; stty size'], HostConfig: { ConsoleSize: [30, 100] } as Docker.HostConfig });
  await c.start();
  await new Promise((r) => setTimeout(r, 400));
  await c.resize({ h: 40, w: 120 });
  await c.wait();
  const logs = String(await c.logs({ stdout: true }));
  assert.deepEqual(logs.split(/\r?\n/).filter(Boolean), ['/dev/pts/0', '30 100', '40 120']);
  await c.remove();
});

test('exec with a TTY: a pty of the container\'s own /dev/pts, ConsoleSize at start, resize, exit code', { timeout: 30_000 }, async () => {
  const c = await docker.createContainer({ Image: 'bb', Cmd: ['sleep', '60'] });
  await c.start();
  const exec = await c.exec({ Cmd: ['sh', '-c', 'tty; ls /dev/pts; stty size; sleep 1; stty size; exit 3'], Tty: true, AttachStdout: true, AttachStderr: true, ConsoleSize: [25, 90] } as Docker.ExecCreateOptions);
  const s = (await exec.start({ hijack: true, stdin: false, Tty: true })) as unknown as Duplex;
  let text = '';
  s.on('data', (b: Buffer) => { text += b; });
  await new Promise((r) => setTimeout(r, 500));
  await exec.resize({ h: 50, w: 150 });
  await new Promise<void>((resolve) => s.on('end', () => resolve()));
  const lines = text.split(/\r?\n/).filter(Boolean);
  assert.match(lines[0] ?? '', /^\/dev\/pts\/\d+$/, text);
  assert.ok(lines[1]?.split(/\s+/).includes(lines[0]!.slice('/dev/pts/'.length)), `the pty is one of the container's own: ${text}`);
  assert.deepEqual(lines.slice(2), ['25 90', '50 150']);
  assert.equal((await exec.inspect()).ExitCode, 3);
  await c.remove({ force: true });
});

test('exec with inspect, stop, remove, image remove', async () => {
  const c = await docker.createContainer({ name: 'dockerode-t1', Image: 'bb:latest', Cmd: ['sleep', '300'] });
  await c.start();
  const exec = await c.exec({ Cmd: ['sh', '-c', 'echo exec-out; exit 6'], AttachStdout: true, AttachStderr: true });
  const s = (await exec.start({ hijack: true, stdin: false })) as unknown as Duplex;
  const out = new PassThrough();
  docker.modem.demuxStream(s, out, new PassThrough());
  const text = collect(out);
  await new Promise<void>((resolve) => s.on('end', () => resolve()));
  out.end();
  assert.equal(await text, 'exec-out\n');
  assert.equal((await exec.inspect()).ExitCode, 6);
  const listed = await docker.listContainers({ filters: { name: ['dockerode-t1'] } });
  assert.equal(listed.length, 1);
  await c.stop({ t: 1 });
  assert.equal((await c.inspect()).State.Running, false);
  await c.remove();
  await assert.rejects(c.inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
  await docker.getImage('bb:latest').remove();
  assert.deepEqual(await docker.listImages(), []);
});
