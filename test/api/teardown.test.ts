// Removal returns before the slow teardown, through berthd with real snapshots (overlay mounts),
// bridges and volumes: after an AutoRemove container is gone, its name, named volume, network and
// image are free at once, and once the teardown finished nothing of it is left. A berthd killed
// (SIGKILL) while a teardown is held leaves a journal entry; a new one on the same root finishes it
// before serving.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { access, readFile, readdir } from 'node:fs/promises';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from './helpers';

interface Engine { t: TempRoot; names: ReturnType<typeof testNames>; daemon?: Daemon; client?: EngineClient; child?: ChildProcess }
const engines: Engine[] = [];
/** Held teardowns (first test); released before cleanup, also when the test failed midway. */
const held = new Map<string, () => void>();
let holding = true;
function releaseHeld(): void {
  holding = false;
  for (const open of held.values()) open();
}

after(async () => {
  releaseHeld();
  for (const e of engines) {
    if (e.child?.exitCode === null) e.child.kill('SIGKILL');
    if (e.client) {
      for (const x of await e.client.listContainers({ all: true }).catch(() => [])) await e.client.getContainer(x.Id).remove({ force: true }).catch(() => undefined);
      e.client.close();
    }
    await resetNetworks(e.t.socketPath);
    await e.daemon?.close();
    await unmountUnder(e.t.root);
    await removeCgroupParent(e.names.cgroupParent);
    // Spare namespaces of a killed engine's pool carry this test's prefix only.
    for (const ns of await readdir('/run/netns').catch(() => [] as string[])) {
      if (ns.startsWith(`${e.names.networkPrefix}-`)) execFileSync('ip', ['netns', 'delete', ns]);
    }
    await e.t.cleanup();
  }
});

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);

async function mountsUnder(dir: string): Promise<string[]> {
  return (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4]).filter((p): p is string => !!p && p.startsWith(dir + '/'));
}

async function newEngine(prefix: string): Promise<Engine> {
  const e: Engine = { t: await tempRoot(prefix), names: testNames() };
  engines.push(e);
  await makeDockerArchive(join(e.t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  return e;
}

async function connect(e: Engine): Promise<EngineClient> {
  e.client?.close();
  e.client = new EngineClient(e.t.socketPath);
  return e.client;
}

const api = (c: EngineClient, method: string, path: string, body?: unknown): Promise<unknown> => c.transport.json({ method, path, body });
const del = async (c: EngineClient, path: string): Promise<void> => { (await c.transport.request({ method: 'DELETE', path })).resume(); };

/** `docker run --rm`: wait for removal registered before the start, as the CLI does. */
async function runRm(c: EngineClient, name: string, cmd: string[], hostConfig: Record<string, unknown>): Promise<{ id: string; code: number }> {
  const { Id } = await c.createContainer({ Image: 'bb', Cmd: cmd, HostConfig: { AutoRemove: true, ...hostConfig } }, name);
  const { result } = await c.getContainer(Id).wait('removed');
  await c.getContainer(Id).start();
  return { id: Id, code: (await result).StatusCode };
}

/** Nothing of container `id` left: mounts under the root, cgroups, its namespace, its dir, its journal entry. */
async function assertNothingLeft(e: Engine, id: string, netns: string): Promise<void> {
  assert.deepEqual(await mountsUnder(e.t.root), [], 'no mount left under the root');
  for (const ctrl of ['memory', 'pids', 'cpu']) {
    assert.equal(await exists(join('/sys/fs/cgroup', ctrl, e.names.cgroupParent, id)), false, `${ctrl} cgroup removed`);
  }
  if (netns) assert.equal(await exists(netns), false, `network namespace ${netns} removed`);
  assert.equal(await exists(join(e.t.root, 'containers', id)), false, 'container dir removed');
  assert.deepEqual(await readdir(join(e.t.root, 'containers', 'teardown')).catch(() => []), [], 'journal empty');
}

test('after run --rm returns: name, volume, network and image are free at once; nothing left after', async () => {
  const e = await newEngine('berth-api-td-');
  e.daemon = await Daemon.start({
    root: e.t.root, socketPath: e.t.socketPath, log: () => undefined, ...e.names,
    beforeTeardown: (id) => (holding ? new Promise<void>((resolve) => held.set(id, resolve)) : Promise.resolve()),
  });
  const c = await connect(e);
  await c.loadImage(createReadStream(join(e.t.dir, 'bb.tar')));
  await api(c, 'POST', '/networks/create', { Name: 'tdnet' });
  await api(c, 'POST', '/volumes/create', { Name: 'tdvol' });
  const hc = { NetworkMode: 'tdnet', Binds: ['tdvol:/data'] };

  // Teardown held: the container is gone from the API while its rootfs is still mounted.
  const first = await runRm(c, 'tdrun', ['sh', '-c', 'echo x > /data/f; exit 5'], hc);
  assert.equal(first.code, 5);
  assert.ok(held.has(first.id), 'the teardown is pending');
  assert.ok((await mountsUnder(e.t.root)).some((m) => m.includes(first.id)), 'rootfs still mounted while held');
  assert.deepEqual((await c.listContainers({ all: true })).map((x) => x.Id), []);
  const again = await c.createContainer({ Image: 'bb', Cmd: ['true'], HostConfig: hc }, 'tdrun');
  await c.getContainer(again.Id).remove();
  // The volume's references went with the removals, before their teardowns.
  await del(c, '/volumes/tdvol');
  await assert.rejects(api(c, 'GET', '/volumes/tdvol'), /no such volume|not found/i);
  // The same host port at once, teardowns still held: the port's release is queued before the
  // removal answers, not left to the teardown.
  const port = await freePort();
  const ports = { NetworkMode: 'tdnet', PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } };
  assert.equal((await runRm(c, 'tdport1', ['true'], ports)).code, 0);
  assert.equal((await runRm(c, 'tdport2', ['true'], ports)).code, 0, 'the port was free for the next run');
  assert.ok(held.size >= 4, 'their teardowns are held too');
  const netRm = del(c, '/networks/tdnet');
  let netDone = false;
  void netRm.then(() => { netDone = true; }, () => { netDone = true; });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(netDone, false, 'network rm waits for the pending teardown (its endpoint)');
  releaseHeld();
  await netRm;
  await assertNothingLeft(e, first.id, '');

  // No hold: run --rm, then network rm, volume rm and image rm right away, as a script would.
  await api(c, 'POST', '/networks/create', { Name: 'tdnet' });
  await api(c, 'POST', '/volumes/create', { Name: 'tdvol' });
  const { Id } = await c.createContainer({ Image: 'bb', Cmd: ['sleep', '30'], HostConfig: { AutoRemove: true, ...hc } }, 'tdrun2');
  const { result } = await c.getContainer(Id).wait('removed');
  await c.getContainer(Id).start();
  const netns = (await c.getContainer(Id).inspect()).NetworkSettings.SandboxKey ?? '';
  assert.ok(netns && await exists(netns), 'the container has its own network namespace');
  await c.getContainer(Id).kill();
  assert.equal((await result).StatusCode, 137);
  await c.createContainer({ Image: 'bb', Cmd: ['true'] }, 'tdrun2').then((r) => c.getContainer(r.Id).remove());
  await del(c, '/networks/tdnet');
  await del(c, '/volumes/tdvol');
  await c.getImage('bb').remove();
  await assertNothingLeft(e, Id, netns);
});

/** A TCP port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Lines a child prints, as a waitable queue. */
function lines(child: ChildProcess): (match: RegExp, ms?: number) => Promise<RegExpMatchArray> {
  const seen: string[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => { seen.push(l); for (const w of waiters.splice(0)) w(); });
  return async (match, ms = 20_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = seen.map((l) => l.match(match)).find(Boolean);
      if (hit) return hit;
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no line ${match} from the engine (exit ${child.exitCode})`);
      await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 200); });
    }
  };
}

test('an engine killed between the journal write and the end of teardown: the next one finishes it', async () => {
  const e = await newEngine('berth-api-tdk-');
  const script = fileURLToPath(new URL('./teardown-engine.ts', import.meta.url));
  e.child = spawn(process.execPath, ['--import', 'tsx', script, e.t.root, e.t.socketPath, e.names.networkPrefix, e.names.cgroupParent], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = lines(e.child);
  await line(/^ready$/);
  let c = await connect(e);
  await c.loadImage(createReadStream(join(e.t.dir, 'bb.tar')));
  await api(c, 'POST', '/volumes/create', { Name: 'tdkvol' });
  const { Id } = await c.createContainer({ Image: 'bb', Cmd: ['sleep', '30'], HostConfig: { AutoRemove: true, Binds: ['tdkvol:/data'] } }, 'tdkill');
  const { result } = await c.getContainer(Id).wait('removed');
  await c.getContainer(Id).start();
  const netns = (await c.getContainer(Id).inspect()).NetworkSettings.SandboxKey ?? '';
  await c.getContainer(Id).kill();
  await result;
  await line(new RegExp(`^paused ${Id}$`));
  // The crash window is real: journalled, the rootfs still mounted, the dir still there.
  assert.equal(await exists(join(e.t.root, 'containers', 'teardown', `${Id}.json`)), true, 'journal entry written');
  assert.ok((await mountsUnder(e.t.root)).some((m) => m.includes(Id)), 'rootfs mounted at the kill');
  assert.equal(await exists(join(e.t.root, 'containers', Id)), true, 'container dir there at the kill');
  const exited = new Promise((r) => e.child?.once('exit', r));
  process.kill(e.child.pid ?? 0, 'SIGKILL');
  await exited;

  e.daemon = await Daemon.start({ root: e.t.root, socketPath: e.t.socketPath, log: () => undefined, ...e.names });
  c = await connect(e);
  await assertNothingLeft(e, Id, netns);
  assert.deepEqual((await c.listContainers({ all: true })).map((x) => x.Id), [], 'the container is not listed');
  await del(c, '/volumes/tdkvol');
  await c.getImage('bb').remove();
});
