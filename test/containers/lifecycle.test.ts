// Every lifecycle verb on real containers (crun under conmon, busybox rootfs): create, start,
// logs, wait, stop (grace then SIGKILL), kill, pause/unpause (freezer), restart, rm (-f),
// inspect, ls filters, guards, events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeHarness, logText, type Harness } from './harness';
import { EngineError } from '../../runtime/errors';

let h: Harness;
before(async () => { h = await makeHarness(); });
after(async () => { await h?.cleanup(); });

const code = (err: unknown): string | undefined => (err instanceof EngineError ? err.code : undefined);

test('run to completion: logs with both streams, exit code, inspect, die event', async () => {
  const seen: string[] = [];
  const unsub = h.events.subscribe((e) => seen.push(e.Action));
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'], Labels: { app: 'one' } }, 'run-once');
  assert.equal(h.svc.inspect(Id).State.Status, 'created');
  assert.equal(await h.svc.start('run-once'), true);
  const w = await h.svc.wait(Id);
  assert.equal(w.StatusCode, 3);
  const ins = h.svc.inspect(Id);
  assert.equal(ins.State.Status, 'exited');
  assert.equal(ins.State.ExitCode, 3);
  assert.equal(ins.Name, '/run-once');
  assert.equal(ins.Path, 'sh');
  assert.notEqual(ins.State.FinishedAt, '0001-01-01T00:00:00Z');
  assert.equal(await logText(h.svc, Id), 'out\nerr\n');
  const errOnly: string[] = [];
  for await (const e of h.svc.logs(Id, { stdout: false })) errOnly.push(e.text);
  assert.deepEqual(errOnly, ['err\n']);
  unsub();
  assert.deepEqual(seen, ['create', 'start', 'die']);
});

test('config.json carries user, hostname, env, cwd; defaults from image', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'id; hostname; echo $FOO; pwd'], User: 'app', Hostname: 'box1', Env: ['FOO=bar'], WorkingDir: '/tmp' });
  await h.svc.start(Id);
  await h.svc.wait(Id);
  const out = await logText(h.svc, Id);
  assert.match(out, /uid=1000\(app\) gid=1000\(app\)/);
  assert.match(out, /^box1$/m);
  assert.match(out, /^bar$/m);
  assert.match(out, /^\/tmp$/m);
  const spec = JSON.parse(await readFile(join(h.root, 'containers', Id, 'config.json'), 'utf8'));
  assert.equal(spec.process.user.uid, 1000);
  assert.ok(spec.linux.seccomp.syscalls.length > 5);
});

test('stop: SIGTERM ignored → SIGKILL after the grace period, exit 137', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'trap "" TERM; echo ready; while true; do sleep 0.1; done'] });
  await h.svc.start(Id);
  await waitForLog(Id, 'ready');
  const t0 = Date.now();
  assert.equal(await h.svc.stop(Id, { timeout: 1 }), true);
  const took = Date.now() - t0;
  assert.ok(took >= 900 && took < 5000, `stop took ${took} ms`);
  assert.equal(h.svc.inspect(Id).State.ExitCode, 137);
  assert.equal(await h.svc.stop(Id), false, 'stopping a stopped container is a no-op (304)');
});

test('stop: a process that handles SIGTERM exits at once with its code', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'trap "exit 5" TERM; echo ready; while true; do sleep 0.1; done'] });
  await h.svc.start(Id);
  await waitForLog(Id, 'ready');
  const t0 = Date.now();
  await h.svc.stop(Id, { timeout: 10 });
  assert.ok(Date.now() - t0 < 3000);
  assert.equal(h.svc.inspect(Id).State.ExitCode, 5);
});

test('kill with a signal, guards on a stopped container', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '60'] });
  await h.svc.start(Id);
  assert.equal(await h.svc.start(Id), false, 'start on running is a no-op (304)');
  await h.svc.kill(Id, 'SIGKILL');
  assert.equal((await h.svc.wait(Id)).StatusCode, 137);
  await assert.rejects(h.svc.kill(Id), (e) => code(e) === 'CONFLICT');
  await assert.rejects(h.svc.pause(Id), (e) => code(e) === 'CONFLICT');
});

test('pause freezes, unpause thaws; rm refuses a running container without force', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done'] }, 'pauser');
  await h.svc.start(Id);
  await waitForLog(Id, '3');
  await h.svc.pause(Id);
  assert.equal(h.svc.inspect(Id).State.Status, 'paused');
  assert.equal(h.svc.inspect(Id).State.Paused, true);
  await assert.rejects(h.svc.pause(Id), (e) => code(e) === 'CONFLICT');
  const n1 = (await logText(h.svc, Id)).split('\n').length;
  await new Promise((r) => setTimeout(r, 400));
  const n2 = (await logText(h.svc, Id)).split('\n').length;
  assert.ok(n2 - n1 <= 1, `frozen container kept writing (${n1} → ${n2})`);
  await h.svc.unpause(Id);
  await new Promise((r) => setTimeout(r, 400));
  assert.ok((await logText(h.svc, Id)).split('\n').length > n2 + 2, 'thawed container resumed');
  await assert.rejects(h.svc.remove(Id), (e) => code(e) === 'CONFLICT');
  await h.svc.remove(Id, { force: true });
  assert.throws(() => h.svc.inspect(Id), (e) => code(e) === 'NOT_FOUND');
});

test('restart runs the process again; list filters by label, name, status', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo started; sleep 60'], Labels: { tier: 'web' } }, 'web-1');
  await h.svc.start(Id);
  await waitForLog(Id, 'started');
  await h.svc.restart(Id, { timeout: 0 });
  await waitFor(async () => (await logText(h.svc, Id)).split('started').length === 3);
  assert.equal(h.svc.inspect(Id).State.Status, 'running');
  const ids = (f: Record<string, string[]>, all = true): string[] => h.svc.list({ all, filters: f }).map((c) => c.Id);
  assert.deepEqual(ids({ label: ['tier=web'] }), [Id]);
  assert.deepEqual(ids({ name: ['web-1'] }), [Id]);
  assert.ok(ids({ status: ['running'] }).includes(Id));
  assert.ok(!ids({ status: ['exited'] }).includes(Id));
  assert.ok(h.svc.list().some((c) => c.Id === Id && c.Status.startsWith('Up')));
  assert.ok(ids({ label: ['tier=db'] }).length === 0);
  await h.svc.remove(Id, { force: true });
});

test('names: duplicate is a CONFLICT, lookup by prefix, unknown image NOT_FOUND', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['true'] }, 'unique-name');
  await assert.rejects(h.svc.create({ Image: 'busybox', Cmd: ['true'] }, 'unique-name'), (e) => code(e) === 'CONFLICT');
  assert.equal(h.svc.inspect(Id.slice(0, 10)).Id, Id);
  await assert.rejects(h.svc.create({ Image: 'nope', Cmd: ['true'] }), (e) => code(e) === 'NOT_FOUND');
  await h.svc.remove('unique-name');
});

test('wait removed: resolves when an AutoRemove container is gone', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'exit 4'], HostConfig: { AutoRemove: true } });
  const removed = h.svc.wait(Id, 'removed');
  await h.svc.start(Id);
  assert.equal((await removed).StatusCode, 4);
  assert.throws(() => h.svc.inspect(Id), (e) => code(e) === 'NOT_FOUND');
});

test('restart policy on-failure restarts up to the maximum', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'echo run; exit 1'], HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
  let dies = 0;
  const unsub = h.events.subscribe(() => { dies++; }, { container: [Id], event: ['die'] });
  await h.svc.start(Id);
  await waitFor(async () => dies === 3);
  unsub();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(dies, 3, 'no fourth run');
  assert.equal(h.svc.inspect(Id).RestartCount, 2);
  assert.equal(h.svc.inspect(Id).State.Status, 'exited');
  assert.equal((await logText(h.svc, Id)).split('run').length - 1, 3);
  await h.svc.remove(Id, { force: true });
});

async function waitFor(cond: () => Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await cond()) return; await new Promise((r) => setTimeout(r, 50)); }
  throw new Error('condition not met in time');
}
async function waitForLog(id: string, text: string): Promise<void> {
  await waitFor(async () => (await logText(h.svc, id)).includes(text));
}

test('rename: new name resolves, old one is gone, clash is a CONFLICT, rename event', async () => {
  const a = (await h.svc.create({ Image: 'busybox', Cmd: ['true'] }, 'tmp_web')).Id;
  await h.svc.create({ Image: 'busybox', Cmd: ['true'] }, 'taken');
  const seen: Array<Record<string, string>> = [];
  const unsub = h.events.subscribe((e) => seen.push(e.Actor.Attributes), { event: ['rename'] });
  await h.svc.rename('tmp_web', 'web-final');
  unsub();
  assert.equal(h.svc.inspect('web-final').Id, a);
  assert.throws(() => h.svc.inspect('tmp_web'), (e) => code(e) === 'NOT_FOUND');
  await assert.rejects(h.svc.rename(a, 'taken'), (e) => code(e) === 'CONFLICT');
  assert.equal(seen[0].oldName, '/tmp_web');
  assert.equal(seen[0].name, 'web-final');
  await h.svc.remove(a);
  await h.svc.remove('taken');
});

test('prune removes stopped containers matching the label filter only', async () => {
  const keep = (await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '30'], Labels: { prune: 'yes' } })).Id;
  await h.svc.start(keep);
  const gone = (await h.svc.create({ Image: 'busybox', Cmd: ['true'], Labels: { prune: 'yes' } })).Id;
  const other = (await h.svc.create({ Image: 'busybox', Cmd: ['true'], Labels: { prune: 'no' } })).Id;
  const r = await h.svc.prune({ label: ['prune=yes'] });
  assert.deepEqual(r.ContainersDeleted, [gone]);
  assert.equal(h.svc.inspect(keep).State.Status, 'running');
  assert.equal(h.svc.inspect(other).State.Status, 'created');
  await h.svc.remove(keep, { force: true });
  await h.svc.remove(other);
});

test('TTY container: output through the terminal, resize reaches it', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', '[ -t 1 ] && echo tty-yes; sleep 0.6; stty size'], Tty: true });
  await h.svc.start(Id);
  await h.svc.resize(Id, 40, 100);
  await h.svc.wait(Id);
  const out = await logText(h.svc, Id);
  assert.match(out, /tty-yes/);
  assert.match(out, /40 100/);
});

test('a command that does not exist: start fails (INVALID_ARGUMENT), state keeps exit 127 and the error', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['/no/such/cmd'] });
  await assert.rejects(h.svc.start(Id), (e) => code(e) === 'INVALID_ARGUMENT' && /no\/such\/cmd/.test((e as Error).message));
  const st = h.svc.inspect(Id).State;
  assert.equal(st.Status, 'created');
  assert.equal(st.ExitCode, 127);
  assert.match(st.Error, /not found/);
  await h.svc.remove(Id);
});

test('a failed create reports the error and the cleanup error, and leaves no record', async () => {
  const { ContainerService } = await import('../../runtime/containers/index');
  const svc = await ContainerService.open({
    ...h.opts,
    rootfs: { prepare: async () => { throw new Error('snapshot broke'); }, release: async () => { throw new Error('release broke too'); } },
  });
  try {
    await assert.rejects(svc.create({ Image: 'busybox', Cmd: ['true'] }, 'doomed'), (e) => /snapshot broke/.test((e as Error).message) && /cleanup also failed: release broke too/.test((e as Error).message));
    assert.throws(() => svc.inspect('doomed'), (e) => code(e) === 'NOT_FOUND');
  } finally { svc.close(); }
});

test('wait next-exit on a container that gets removed returns instead of hanging', async () => {
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['true'] });
  const w = h.svc.wait(Id, 'next-exit');
  await h.svc.remove(Id);
  assert.equal((await w).StatusCode, 0);
});
