// Container endpoints end to end: a real daemon, the real ContainerService (crun/runc + conmon),
// a busybox image loaded through the API, and our client speaking the same requests the docker
// CLI sends (attach and wait before start, names/ids/prefixes in paths, 304/409 statuses).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient, demuxStream, type ContainerHandle } from '../../core/engine/index';
import type { CoreError } from '../../core/errors';
import type { EventMessage } from '../../runtime/api/types';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { raw, removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from './helpers';

let t: TempRoot;
let daemon: Daemon;
let client: EngineClient;
const { networkPrefix } = testNames();
const cgroupParent = `berth-apitest-${randomBytes(3).toString('hex')}`;
const events: EventMessage[] = [];
const abort = new AbortController();

before(async () => {
  t = await tempRoot('berth-api-ct-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
  client = new EngineClient(t.socketPath);
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  await client.loadImage(createReadStream(join(t.dir, 'bb.tar')));
  void client.events({ filters: { type: ['container'] }, signal: abort.signal }, (e) => events.push(e));
});
after(async () => {
  abort.abort();
  for (const c of await client.listContainers({ all: true }).catch(() => [])) await client.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  client?.close();
  if (t) await resetNetworks(t.socketPath);
  await daemon?.close();
  await unmountUnder(t.root);
  await removeCgroupParent(cgroupParent);
  await t?.cleanup();
});

function text(s: PassThrough): Promise<string> {
  return new Promise((resolve) => { const c: Buffer[] = []; s.on('data', (b: Buffer) => c.push(b)); s.on('end', () => resolve(Buffer.concat(c).toString())); });
}

/** What `docker run --rm` sends: create, attach, wait(removed), start; then the stream and the code. */
async function runRm(cmd: string[]): Promise<{ out: string; err: string; code: number; id: string }> {
  const { Id } = await client.createContainer({ Image: 'bb', Cmd: cmd, HostConfig: { AutoRemove: true } });
  const c = client.getContainer(Id);
  const a = await c.attach({ stdout: true, stderr: true, stream: true });
  const { result } = await c.wait('removed');
  assert.equal(await c.start(), true);
  const out = new PassThrough();
  const err = new PassThrough();
  const texts = Promise.all([text(out), text(err)]);
  await demuxStream(a.socket, out, err);
  out.end(); err.end();
  const [o, e] = await texts;
  return { out: o, err: e, code: (await result).StatusCode, id: Id };
}

test('run --rm: output arrives on the attach stream opened before start, exit code from wait, then removed', async () => {
  const r = await runRm(['sh', '-c', 'echo out; echo err >&2; exit 7']);
  assert.equal(r.out, 'out\n');
  assert.equal(r.err, 'err\n');
  assert.equal(r.code, 7);
  await assert.rejects(client.getContainer(r.id).inspect(), (e: CoreError) => e.code === 'NOT_FOUND');
});

test('detached lifecycle: names and id prefixes, 304 for start/stop twice, 409 for rm of a running one', async () => {
  const { Id } = await client.createContainer({ Image: 'bb', Cmd: ['sleep', '300'], Labels: { 'berth.test': 'yes' } }, 'api-t1');
  const { result } = await client.getContainer(Id).wait('next-exit');
  const byName = client.getContainer('api-t1');
  assert.equal(await byName.start(), true);
  assert.equal(await client.getContainer(Id.slice(0, 10)).start(), false, 'already running: 304');
  const info = await byName.inspect();
  assert.equal(info.Id, Id);
  assert.equal(info.Name, '/api-t1');
  assert.equal(info.State.Running, true);
  const listed = await client.listContainers({ filters: { label: ['berth.test=yes'] } });
  assert.deepEqual(listed.map((c) => c.Id), [Id]);
  assert.equal((await client.listContainers({ filters: { label: ['berth.test=no'] } })).length, 0);
  const del = await raw(t.socketPath, 'DELETE', '/v1.41/containers/api-t1');
  assert.equal(del.status, 409);
  assert.ok(JSON.parse(del.body).message.length > 0);
  assert.equal(await byName.stop({ t: 1 }), true);
  assert.equal((await result).StatusCode, 137, 'sleep as pid 1 ignores SIGTERM: killed after the grace period');
  assert.equal(await byName.stop(), false, 'already stopped: 304');
  const kill = await raw(t.socketPath, 'POST', '/v1.41/containers/api-t1/kill');
  assert.equal(kill.status, 409);
  await byName.remove();
  const gone = await raw(t.socketPath, 'GET', '/v1.41/containers/api-t1/json');
  assert.equal(gone.status, 404);
});

test('exec with stdin and exit code, logs, top, stats, archive out and in, pause', async () => {
  const { Id } = await client.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo started; exec sleep 300'] }, 'api-t2');
  const c: ContainerHandle = client.getContainer('api-t2');
  await c.start();
  const ex = await c.exec({ Cmd: ['sh', '-c', 'cat; exit 3'], AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const s = await ex.start();
  assert.equal(s.multiplexed, true);
  const out = new PassThrough();
  const got = text(out);
  const pumped = demuxStream(s.socket, out, new PassThrough());
  s.socket.end('piped through stdin\n');
  await pumped;
  out.end();
  assert.equal(await got, 'piped through stdin\n');
  const exInfo = await ex.inspect();
  assert.equal(exInfo.ExitCode, 3);
  assert.equal(exInfo.Running, false);
  await waitFor(async () => (await logsOf(c)).includes('started'));
  const top = await c.top();
  assert.ok(top.Titles.includes('PID'));
  assert.ok(top.Processes.some((p) => p.join(' ').includes('sleep 300')));
  const st = await c.stats({ oneShot: true });
  assert.ok((st.pids_stats.current ?? 0) >= 1);
  assert.ok((st.memory_stats.usage ?? 0) > 0);
  const { stat, stream } = await c.getArchive('/etc/passwd');
  assert.equal(stat.name, 'passwd');
  const entries = await untar(stream);
  assert.match(entries.get('passwd') ?? '', /^root:/m);
  const pack = tar.pack();
  pack.entry({ name: 'hello.txt' }, 'put by the API test\n');
  pack.finalize();
  await c.putArchive('/tmp', Readable.from(pack));
  const back = await untar((await c.getArchive('/tmp/hello.txt')).stream);
  assert.equal(back.get('hello.txt'), 'put by the API test\n');
  for (const junk of ['{"x":[]}', 'x'.repeat(700)]) {
    const bad = await raw(t.socketPath, 'PUT', '/containers/api-t2/archive?path=/tmp', junk, { 'Content-Type': 'application/x-tar' });
    assert.equal(bad.status, 400, `a body that is not a tar is refused: ${bad.body}`);
    assert.match(bad.body, /not a tar archive/);
  }
  await c.pause();
  assert.equal((await c.inspect()).State.Status, 'paused');
  await c.unpause();
  assert.equal((await c.inspect()).State.Status, 'running');
  await c.remove({ force: true });
  assert.ok(Id);
});

test('logs --follow streams new lines until the container stops; --tail and --timestamps', async () => {
  await client.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo one; sleep 1; echo two; sleep 1; echo three'] }, 'api-t3');
  const c = client.getContainer('api-t3');
  await c.start();
  const { stream } = await c.logs({ stdout: true, stderr: true, follow: true, timestamps: true });
  const out = new PassThrough();
  const got = text(out);
  await demuxStream(stream, out, new PassThrough());
  out.end();
  const lines = (await got).trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split(' ')[1]), ['one', 'two', 'three'], 'the stream ended by itself when the container stopped');
  assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /.test(l)), 'RFC3339Nano timestamps');
  const tail = await c.logs({ stdout: true, stderr: true, tail: '1' });
  const tailOut = new PassThrough();
  const tailText = text(tailOut);
  await demuxStream(tail.stream, tailOut, new PassThrough());
  tailOut.end();
  assert.equal(await tailText, 'three\n');
  await c.remove();
});

test('container events: create, start, die, destroy with name and image attributes', async () => {
  await waitFor(async () => events.some((e) => e.Action === 'destroy' && e.Actor.Attributes.name === 'api-t2'));
  const forT2 = events.filter((e) => e.Actor.Attributes.name === 'api-t2').map((e) => e.Action);
  for (const a of ['create', 'start', 'die', 'destroy']) assert.ok(forT2.includes(a), `saw ${a} in ${forT2.join(',')}`);
  assert.ok(events.every((e) => e.Type === 'container' && typeof e.timeNano === 'number'));
});

async function logsOf(c: ContainerHandle): Promise<string> {
  const { stream } = await c.logs({ stdout: true, stderr: true });
  const out = new PassThrough();
  const got = text(out);
  await demuxStream(stream, out, new PassThrough());
  out.end();
  return got;
}

async function untar(src: Readable): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const ex = tar.extract();
  ex.on('entry', (h, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (b: unknown) => chunks.push(b as Buffer));
    body.on('end', () => { files.set(h.name, Buffer.concat(chunks).toString()); next(); });
  });
  await new Promise<void>((resolve, reject) => { ex.on('finish', resolve); ex.on('error', reject); src.pipe(ex); });
  return files;
}

async function waitFor(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('condition not met in time');
}
