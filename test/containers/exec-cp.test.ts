// Entering a running container: exec with and without a TTY (env, user, workdir, exit code,
// stdin), top, stats from cgroups, and copying files in and out as tar archives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import tar from 'tar-stream';
import { makeHarness, logText, type Harness } from './harness';
import { EngineError } from '../../runtime/errors';
import type { ExecHandle } from '../../runtime/tasks/index';

let h: Harness;
let id: string;
before(async () => {
  h = await makeHarness();
  id = (await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo up; sleep 120'], Env: ['BASE=1'], HostConfig: { Memory: 128 * 1024 * 1024, PidsLimit: 50 } }, 'exec-target')).Id;
  await h.svc.start(id);
});
after(async () => { await h?.cleanup(); });

async function collect(handle: ExecHandle): Promise<{ out: string; err: string; code: number }> {
  let out = ''; let err = '';
  handle.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  handle.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  // the exit can be seen before the last output is relayed (a TTY exec's pty drains through
  // conmon's attach socket): the result is complete once the streams have ended too
  const ended = (st: NodeJS.ReadableStream): Promise<void> => new Promise((resolve) => { st.once('end', resolve); st.once('close', resolve); });
  const [code] = await Promise.all([handle.exited, ended(handle.stdout), ended(handle.stderr)]);
  return { out, err, code };
}

async function exec(cmd: string[], opts: { Env?: string[]; User?: string; WorkingDir?: string; Tty?: boolean } = {}, stdin?: string): Promise<{ out: string; err: string; code: number }> {
  const eid = h.svc.execCreate(id, { Cmd: cmd, AttachStdout: true, AttachStderr: true, ...opts });
  const handle = await h.svc.execStart(eid);
  if (stdin !== undefined) handle.stdin.end(stdin); else handle.stdin.end();
  const r = await collect(handle);
  const ins = h.svc.execInspect(eid);
  assert.equal(ins.Running, false);
  assert.equal(ins.ExitCode, r.code);
  return r;
}

test('exec without TTY: separate streams, env, user, workdir, exit code, stdin', async () => {
  const r = await exec(['sh', '-c', 'echo $BASE $EXTRA; id -u; pwd; echo oops >&2; exit 9'], { Env: ['EXTRA=2'], User: 'app', WorkingDir: '/tmp' });
  assert.equal(r.out, '1 2\n1000\n/tmp\n');
  assert.equal(r.err, 'oops\n');
  assert.equal(r.code, 9);
  const cat = await exec(['cat'], {}, 'from stdin\n');
  assert.equal(cat.out, 'from stdin\n');
  assert.deepEqual(h.svc.inspect(id).ExecIDs?.length, 2);
});

test('exec with TTY: the process has a terminal', async () => {
  const r = await exec(['sh', '-c', '[ -t 0 ] && [ -t 1 ] && echo is-a-tty; exit 3'], { Tty: true });
  assert.match(r.out, /is-a-tty\r?\n/);
  assert.equal(r.code, 3);
  const plain = await exec(['sh', '-c', '[ -t 1 ] && echo is-a-tty || echo no-tty']);
  assert.equal(plain.out, 'no-tty\n');
});

test('exec of a missing binary fails with a non-zero code; exec on a stopped container is refused', async () => {
  const r = await exec(['/no/such/binary']);
  assert.notEqual(r.code, 0);
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['true'] });
  assert.throws(() => h.svc.execCreate(Id, { Cmd: ['ls'] }), (e) => e instanceof EngineError && e.code === 'CONFLICT');
  await h.svc.remove(Id);
});

test('top lists the container processes (ps -ef columns)', async () => {
  const t = await h.svc.top(id);
  assert.ok(t.Titles.includes('PID') && t.Titles.includes('CMD'));
  assert.ok(t.Processes.some((p) => p[p.length - 1].includes('sleep 120')), JSON.stringify(t.Processes));
  assert.ok(t.Processes.every((p) => p.length === t.Titles.length));
});

test('stats: memory, cpu, pids from the cgroup, precpu from the previous sample', async () => {
  await exec(['sh', '-c', 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done']);
  const s1 = await h.svc.stats(id);
  const s2 = await h.svc.stats(id);
  assert.ok((s1.memory_stats.usage ?? 0) > 0);
  assert.equal(s1.memory_stats.limit, 128 * 1024 * 1024);
  assert.ok(s1.cpu_stats.cpu_usage.total_usage > 0);
  assert.ok((s1.pids_stats.current ?? 0) >= 2);
  assert.equal(s1.pids_stats.limit, 50);
  assert.equal(s2.precpu_stats.cpu_usage.total_usage, s1.cpu_stats.cpu_usage.total_usage);
  assert.ok((s1.cpu_stats.system_cpu_usage ?? 0) > 0);
});

async function tarOf(files: Record<string, string>): Promise<Readable> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name, mode: 0o640 }, body);
  pack.finalize();
  return Readable.from(pack as AsyncIterable<Buffer>);
}

async function untar(stream: Readable): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const ex = tar.extract();
  const done = (async () => {
    for await (const e of ex) {
      let body = '';
      for await (const c of e) body += (c as Buffer).toString();
      out[`${e.header.type}:${e.header.name}`] = body;
    }
  })();
  stream.pipe(ex as unknown as NodeJS.WritableStream);
  await done;
  return out;
}

test('cp in and out: tar archives, path stat, symlinks stay inside the container', async () => {
  await h.svc.putArchive(id, '/tmp', await tarOf({ 'in/a.txt': 'alpha\n', 'in/b.txt': 'beta\n' }));
  const r = await exec(['sh', '-c', 'cat /tmp/in/a.txt /tmp/in/b.txt; stat -c %a /tmp/in/a.txt']);
  assert.equal(r.out, 'alpha\nbeta\n640\n');
  const got = await h.svc.getArchive(id, '/tmp/in');
  assert.equal(got.stat.name, 'in');
  assert.ok(got.stat.mode >= 2 ** 31, 'directory bit');
  const files = await untar(got.stream);
  assert.equal(files['file:in/a.txt'], 'alpha\n');
  assert.ok('directory:in' in files);
  // A symlink pointing at the host's /etc resolves inside the container's root.
  await exec(['ln', '-s', '/etc', '/tmp/escape']);
  const passwd = await untar((await h.svc.getArchive(id, '/tmp/escape/passwd')).stream);
  assert.match(passwd['file:passwd'], /^app:x:1000/m, 'the container passwd, not the host one');
  await assert.rejects(h.svc.statPath(id, '/nope'), (e) => e instanceof EngineError && e.code === 'NOT_FOUND');
  // A tar entry with ../ is cleaned against the extraction point, never leaving the container.
  await h.svc.putArchive(id, '/tmp', await tarOf({ '../../../../etc/evil-berth-test': 'x' }));
  const evil = await exec(['cat', '/tmp/etc/evil-berth-test']);
  assert.equal(evil.out, 'x');
  assert.equal(existsSync('/etc/evil-berth-test'), false);
});

test('cp works on a stopped container too (through its rootfs)', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['cat', '/data.txt'] });
  await h.svc.putArchive(Id, '/', await tarOf({ 'data.txt': 'copied before start\n' }));
  await h.svc.start(Id);
  await h.svc.wait(Id);
  assert.equal(await logText(h.svc, Id), 'copied before start\n');
  const files = await untar((await h.svc.getArchive(Id, '/data.txt')).stream);
  assert.equal(files['file:data.txt'], 'copied before start\n');
});

test('attach: stdin reaches an OpenStdin container, its stdout and stderr come back live', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'while read l; do echo got:$l; echo err:$l >&2; done; echo eof'], OpenStdin: true, StdinOnce: true });
  await h.svc.start(Id);
  const a = h.svc.attach(Id);
  let out = ''; let err = '';
  a.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  a.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  a.stdin.write('one\n');
  a.stdin.end('two\n');
  assert.equal((await h.svc.wait(Id)).StatusCode, 0);
  await new Promise((r) => setTimeout(r, 100));
  a.close();
  assert.equal(out, 'got:one\ngot:two\neof\n');
  assert.equal(err, 'err:one\nerr:two\n');
  assert.match(await logText(h.svc, Id), /got:two/);
  assert.throws(() => h.svc.attach(Id), (e) => e instanceof EngineError && e.code === 'CONFLICT');
});
