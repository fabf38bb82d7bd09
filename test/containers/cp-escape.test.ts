// docker cp into and out of a container is hostile-input code on both sides (issue 13): links
// that an image carries (`x -> /host/dir`) and links a running container makes itself
// (`ln -s /host/dir /y`) must never let an archive entry change, create or read a file on the
// host. Each case aims at a canary directory on the host, whose path does not exist inside the
// container, and checks afterwards that the canary's modes, times, owners and contents are
// exactly as before, and that the write landed inside the container instead, as Docker's
// chrooted untar does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { mkdtemp, mkdir, writeFile, symlink, lstat, readdir, readFile, rm, utimes, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import tar from 'tar-stream';
import { makeHarness, type Harness } from './harness';
import { tarBuffer, type TarEntry } from '../fixtures/tar';
import { EngineError } from '../../runtime/errors';

let h: Harness;
let canary: string;
const OLD = new Date('2001-02-03T04:05:06Z');

before(async () => {
  h = await makeHarness();
  canary = await mkdtemp(join(tmpdir(), 'berth-canary-'));
  await mkdir(join(canary, 'dir'));
  await writeFile(join(canary, 'dir', 'secret'), 'host secret\n', { mode: 0o600 });
  await chmod(join(canary, 'dir'), 0o700);
  await utimes(join(canary, 'dir', 'secret'), OLD, OLD);
  await utimes(join(canary, 'dir'), OLD, OLD);
});
after(async () => {
  await h?.cleanup();
  if (canary) await rm(canary, { recursive: true, force: true });
});

/** Every entry under the canary: type, mode, owner, mtime, ctime (any chmod/chown/utimes moves it) and content; not atime, which reading it here moves. */
async function canaryState(): Promise<string[]> {
  const out: string[] = [];
  async function walk(p: string): Promise<void> {
    const st = await lstat(p);
    const body = st.isFile() ? await readFile(p, 'utf8') : '';
    out.push(`${p} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.mtimeMs} ${st.ctimeMs} ${body}`);
    if (st.isDirectory()) for (const n of (await readdir(p)).sort()) await walk(join(p, n));
  }
  await walk(canary);
  return out;
}

async function put(id: string, dest: string, entries: TarEntry[]): Promise<unknown> {
  return h.svc.putArchive(id, dest, Readable.from([await tarBuffer(entries)])).then(() => undefined, (e: unknown) => e);
}

async function exec(id: string, cmd: string[]): Promise<string> {
  const eid = h.svc.execCreate(id, { Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const handle = await h.svc.execStart(eid);
  handle.stdin.end();
  let out = '';
  handle.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  handle.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  await handle.exited;
  return out;
}

async function untarNames(stream: Readable): Promise<Record<string, string>> {
  const ex = tar.extract();
  const out: Record<string, string> = {};
  const done = (async () => {
    for await (const e of ex) {
      let body = '';
      for await (const c of e) body += (c as Buffer).toString();
      out[e.header.name] = body;
    }
  })();
  stream.pipe(ex as unknown as NodeJS.WritableStream);
  await done;
  return out;
}

/** The hostile image's links: planted in the rootfs after create, as its layers would have. */
async function hostileContainer(running: boolean): Promise<string> {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '120'] });
  const rootfs = join(h.root, 'rootfs', Id);
  await symlink(join(canary, 'dir'), join(rootfs, 'x'));
  await symlink(join(canary, 'dir', 'secret'), join(rootfs, 'f'));
  if (running) await h.svc.start(Id);
  return Id;
}

const ESCAPES: Array<[string, (link: string) => TarEntry[]]> = [
  ['directory entry over a symlink', (l) => [{ name: `${l}/`, type: 'directory', mode: 0o777, mtime: new Date(0) }]],
  ['file written below a symlinked directory', (l) => [{ name: `${l}/pwned`, content: 'x', mode: 0o777 }]],
  ['hard link naming the symlink, with a mode', (l) => [{ name: 'hl', type: 'link', linkname: l, mode: 0o777, mtime: new Date(0) }]],
  ['hard link through the symlink', (l) => [{ name: 'hl2', type: 'link', linkname: `${l}/secret`, mode: 0o777 }]],
];

for (const running of [false, true]) {
  const how = running ? 'running (through /proc/<pid>/root)' : 'stopped (through its rootfs)';
  test(`hostile image, ${how}: no cp-in entry changes the host canary`, async () => {
    const id = await hostileContainer(running);
    const before = await canaryState();
    for (const [kind, entries] of ESCAPES) {
      await put(id, '/', entries('x'));
      assert.deepEqual(await canaryState(), before, `${kind} changed the host`);
    }
    await put(id, '/', [{ name: 'f', content: 'pwned\n', mode: 0o777 }]);
    assert.deepEqual(await canaryState(), before, 'a file entry over a symlink to a host file');
    // What Docker does instead: the link is replaced by the entry, inside the container.
    const st = await h.svc.statPath(id, '/x');
    assert.ok(st.mode >= 2 ** 31, 'x is now a directory of the container');
    await h.svc.remove(id, { force: true });
  });
}

test('hostile container process: ln -s to a host dir, then cp-in of y/ entries, leaves the host alone', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '120'] });
  await h.svc.start(Id);
  await exec(Id, ['ln', '-s', join(canary, 'dir'), '/y']);
  await exec(Id, ['ln', '-s', join(canary, 'dir'), '/tmp/z']);
  const before = await canaryState();
  for (const [kind, entries] of ESCAPES) {
    await put(Id, '/', entries('y'));
    assert.deepEqual(await canaryState(), before, `${kind} changed the host`);
  }
  // A destination whose path goes through the container's link resolves inside the container.
  const err = await put(Id, '/tmp/z', [{ name: 'pwned', content: 'x' }]);
  assert.ok(err instanceof EngineError && err.code === 'NOT_FOUND', `cp into /tmp/z: ${String(err)}`);
  assert.deepEqual(await canaryState(), before, 'destination through a link');
  assert.equal(await exec(Id, ['sh', '-c', 'cat /y/pwned; ls -ld /y | cut -c1']), 'xd\n');
  await h.svc.remove(Id, { force: true });
});

test('cp out never reads the host through an image link or a link the container made', async () => {
  const id = await hostileContainer(true);
  await exec(id, ['ln', '-s', join(canary, 'dir', 'secret'), '/tmp/s']);
  for (const p of ['/x/secret', '/x/', '/f/', '/tmp/s/', '/etc/passwd/below-a-file']) {
    const got = await h.svc.getArchive(id, p).then(async (r) => JSON.stringify(await untarNames(r.stream)), (e: unknown) => e);
    assert.ok(got instanceof EngineError && got.code === 'NOT_FOUND', `${p}: ${String(got)}`);
  }
  // The links themselves (no trailing slash) are archived as links, as docker cp does.
  for (const p of ['/f', '/tmp/s']) {
    const files = await untarNames((await h.svc.getArchive(id, p)).stream);
    assert.deepEqual(Object.values(files), [''], `${p} archived as a link, no content`);
  }
  await h.svc.remove(id, { force: true });
});

test('User lookups read the container\'s passwd and group inside its root: a fifo planted there stalls nothing', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '120'] });
  await h.svc.start(Id);
  // A fifo opened by a host-path read blocked the engine's exec forever.
  await exec(Id, ['sh', '-c', 'rm /etc/group && mkfifo /etc/group']);
  const bounded = <T>(p: Promise<T>): Promise<T> => Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error('exec -u stalled')), 20_000))]);
  const eid = h.svc.execCreate(Id, { Cmd: ['id', '-u'], User: 'app', AttachStdout: true });
  const handle = await bounded(h.svc.execStart(eid));
  handle.stdin.end();
  let out = '';
  handle.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  await bounded(handle.exited);
  assert.equal(out, '1000\n', 'the passwd still resolves; the fifo group reads as empty');
  await h.svc.remove(Id, { force: true });
});
