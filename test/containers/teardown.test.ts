// Removal answers before the slow teardown: with the teardown held (beforeTeardown hook), the
// container is already gone from the API and its name free, while its dir, runtime state and
// journal entry are still there; once released, quiesce() sees nothing left. A new service over the
// same root (as after an engine crash) finishes a journalled teardown before it serves.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeHarness, type Harness } from './harness';
import { ContainerService } from '../../runtime/containers/index';
import type { EngineError } from '../../runtime/errors';
import { writeRecordNoSync } from '../../runtime/containers/record-write';

/** A gate per container: teardowns wait until the test opens it. */
const held = new Map<string, () => void>();
let holding = true;
async function hold(id: string): Promise<void> {
  if (!holding) return;
  await new Promise<void>((resolve) => held.set(id, resolve));
}
function releaseAll(): void {
  holding = false;
  for (const open of held.values()) open();
  held.clear();
}

let h: Harness | undefined;
after(async () => { releaseAll(); await h?.cleanup(); });

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);
const code = (e: unknown): string => (e as EngineError).code;

/** What a finished teardown leaves: nothing of the container on disk, in the runtime or in cgroups. */
async function assertGone(hh: Harness, id: string, dir: string): Promise<void> {
  assert.equal(await exists(dir), false, 'container dir removed');
  assert.equal(await exists(join(hh.root, 'rootfs', id)), false, 'rootfs released');
  assert.equal(await exists(join(hh.root, 'containers', 'teardown', `${id}.json`)), false, 'journal entry deleted');
  assert.equal(await exists(join(hh.root, 'containers', 'records', `${id}.json`)), false, 'record deleted');
  assert.ok(!(await readdir(hh.tasks.runtime.root)).includes(id), 'runtime state deleted');
  for (const ctrl of ['memory', 'pids', 'cpu']) {
    assert.equal(await exists(join('/sys/fs/cgroup', ctrl, hh.opts.cgroupParent ?? '', id)), false, `${ctrl} cgroup removed`);
  }
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('AutoRemove: gone from the API at once, name reusable, teardown journalled and finished later', async () => {
  h = await makeHarness({ beforeTeardown: hold });
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sh', '-c', 'exit 3'], HostConfig: { AutoRemove: true } }, 'td-auto');
  const dir = h.svc.get(Id).dir;
  const removed = h.svc.wait(Id, 'removed');
  await h.svc.start(Id);
  assert.equal((await removed).StatusCode, 3);
  assert.throws(() => h?.svc.inspect(Id), (e) => code(e) === 'NOT_FOUND');
  assert.ok(!h.svc.list({ all: true }).some((c) => c.Id === Id));
  // The teardown is held: the slow half has not run, and the journal says so.
  await until(() => held.has(Id));
  assert.equal(await exists(dir), true, 'container dir still there while the teardown is held');
  assert.equal(await exists(join(h.root, 'containers', 'teardown', `${Id}.json`)), true, 'journal entry written');
  assert.equal(await exists(join(h.root, 'containers', 'records', `${Id}.json`)), false, 'record file gone');
  const again = await h.svc.create({ Image: 'busybox', Cmd: ['true'] }, 'td-auto');
  let quiet = false;
  const q = h.svc.quiesce().then(() => { quiet = true; });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(quiet, false, 'quiesce waits for the held teardown');
  held.get(Id)?.();
  await q;
  await assertGone(h, Id, dir);
  await h.svc.remove(again.Id);
});

test('rm -f of a running container and rm of a never-started one: both torn down', async () => {
  assert.ok(h);
  holding = false;
  const run = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '60'] }, 'td-running');
  await h.svc.start(run.Id);
  const created = await h.svc.create({ Image: 'busybox', Cmd: ['true'] }, 'td-created');
  const dirs = [h.svc.get(run.Id).dir, h.svc.get(created.Id).dir];
  await assert.rejects(h.svc.remove(run.Id), (e) => code(e) === 'CONFLICT');
  await h.svc.remove(run.Id, { force: true });
  await h.svc.remove(created.Id);
  await h.svc.quiesce();
  await assertGone(h, run.Id, dirs[0]);
  await assertGone(h, created.Id, dirs[1]);
  holding = true;
});

test('a new service finishes a journalled teardown before serving, idempotently', async () => {
  assert.ok(h);
  const { Id } = await h.svc.create({ Image: 'busybox', Cmd: ['sleep', '60'] }, 'td-crash');
  await h.svc.start(Id);
  const dir = h.svc.get(Id).dir;
  await h.svc.remove(Id, { force: true });
  await until(() => held.has(Id));
  // As after an engine crash in the held window: a new service over the same root (no hook).
  holding = false;
  const fresh = await h.reopen();
  assert.throws(() => fresh.get(Id), (e) => code(e) === 'NOT_FOUND');
  await assertGone(h, Id, dir);
  // The first service's teardown now runs too, over what is already gone: no error, nothing left.
  held.get(Id)?.();
  await h.svc.quiesce();
  await assertGone(h, Id, dir);
});

test('a crash between the journal write and the record deletion: the teardown wins', async () => {
  assert.ok(h);
  const svc = await h.reopen();
  const { Id } = await svc.create({ Image: 'busybox', Cmd: ['true'] }, 'td-both');
  const dir = svc.get(Id).dir;
  // The journal entry as remove writes it, with the record file still in place.
  const records = join(h.root, 'containers', 'records');
  const record: unknown = JSON.parse(await readFile(join(records, `${Id}.json`), 'utf8'));
  await mkdir(join(h.root, 'containers', 'teardown'), { recursive: true });
  await writeRecordNoSync(join(h.root, 'containers', 'teardown'), Id, { record, removeAnonymous: false });
  const fresh = await h.reopen();
  assert.ok(!fresh.list({ all: true }).some((c) => c.Id === Id), 'not listed');
  assert.throws(() => fresh.get('td-both'), (e) => code(e) === 'NOT_FOUND');
  await assertGone(h, Id, dir);
});

test('a failed release is logged and left in the journal; the next open retries it', async () => {
  assert.ok(h);
  const base = h.opts.rootfs;
  const logs: string[] = [];
  let failing = true;
  const svc = await ContainerService.open({
    ...h.opts, beforeTeardown: undefined, log: (m) => logs.push(m),
    rootfs: { prepare: (id, image) => base.prepare(id, image), release: async (id) => { if (failing) throw new Error('device busy'); await base.release(id); } },
  });
  try {
    const { Id } = await svc.create({ Image: 'busybox', Cmd: ['true'] }, 'td-fail');
    const dir = svc.get(Id).dir;
    await svc.remove(Id);
    await svc.quiesce();
    assert.ok(logs.some((l) => l.includes(Id) && l.includes('device busy')), `logged: ${logs.join(' | ')}`);
    assert.equal(await exists(join(h.root, 'containers', 'teardown', `${Id}.json`)), true, 'journal entry kept');
    assert.equal(await exists(join(h.root, 'rootfs', Id)), true, 'the failed release left the rootfs');
    assert.equal(await exists(dir), false, 'the other releases ran');
    failing = false;
    await h.reopen();
    await assertGone(h, Id, dir);
  } finally {
    svc.close();
  }
});
