// Runtime choice: the decision logic with a scripted runner (hybrid-cgroup failure, the v1 mount
// fix, fallback to runc, nothing works), and one real probe on this host.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { selectRuntime, freeHybridControllers } from './runtime-select';
import { runCommand, type RunCommand, type CommandResult } from './run-command';
import { EngineError } from '../errors';

const dirs: string[] = [];
after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

async function fakeCgroupRoot(controllers: string, subtree = ''): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'berth-cg-'));
  dirs.push(d);
  await mkdir(join(d, 'unified'));
  await writeFile(join(d, 'unified', 'cgroup.controllers'), controllers);
  await writeFile(join(d, 'unified', 'cgroup.subtree_control'), subtree);
  return d;
}

/** A runner where crun fails with the hybrid error until `mount` was called. */
function scripted(calls: string[], opts: { mountWorks?: boolean; runcWorks?: boolean } = {}): RunCommand {
  let mounted = false;
  return async (file, args): Promise<CommandResult> => {
    calls.push(`${file.split('/').pop()} ${args.filter((a) => !a.startsWith('--root')).slice(0, 1).join(' ')}`);
    if (file === 'mount') { mounted = opts.mountWorks !== false; return { code: mounted ? 0 : 32, stdout: '', stderr: mounted ? '' : 'busy' }; }
    if (args.includes('delete')) return { code: 0, stdout: '', stderr: '' };
    if (file.endsWith('crun')) return mounted ? { code: 0, stdout: '', stderr: '' } : { code: 1, stdout: '', stderr: 'cgroups in hybrid mode not supported, drop all controllers from cgroupv2' };
    return opts.runcWorks === false ? { code: 1, stdout: '', stderr: 'runc broke' } : { code: 0, stdout: '', stderr: '' };
  };
}

test('crun refusing hybrid cgroups: mount the free v1 controller, retry, keep crun', async () => {
  const calls: string[] = [];
  const logs: string[] = [];
  const cgroupRoot = await fakeCgroupRoot('hugetlb\n');
  const c = await selectRuntime({ root: '/tmp/x', run: scripted(calls), cgroupRoot, log: (m) => logs.push(m) });
  assert.equal(c.runtime.name, 'crun');
  assert.match(c.reason, /hugetlb/);
  assert.ok(calls.includes('mount -t'));
  assert.ok(logs.some((l) => /mounting the v1 hugetlb/.test(l)));
});

test('without the fix (or when it fails) runc is chosen, saying why crun was skipped', async () => {
  const cgroupRoot = await fakeCgroupRoot('hugetlb\n');
  const off = await selectRuntime({ root: '/tmp/x', run: scripted([]), cgroupRoot, fixHybridCgroups: false });
  assert.equal(off.runtime.name, 'runc');
  assert.match(off.reason, /skipped crun: cgroups in hybrid mode/);
  const failing = await selectRuntime({ root: '/tmp/x', run: scripted([], { mountWorks: false }), cgroupRoot });
  assert.equal(failing.runtime.name, 'runc');
  assert.match(failing.reason, /fix failed/);
  // A controller in use by cgroup2 children is not free: nothing to mount.
  assert.deepEqual(await freeHybridControllers(await fakeCgroupRoot('hugetlb memory', 'memory')), ['hugetlb']);
});

test('no runtime works: UNAVAILABLE with every reason', async () => {
  const cgroupRoot = await fakeCgroupRoot('');
  await assert.rejects(selectRuntime({ root: '/tmp/x', run: scripted([], { runcWorks: false }), cgroupRoot }),
    (e) => e instanceof EngineError && e.code === 'UNAVAILABLE' && /crun: cgroups in hybrid/.test(e.message) && /runc: runc broke/.test(e.message));
});

test('on this host a real probe picks a runtime that runs a container', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-rt-'));
  dirs.push(root);
  const c = await selectRuntime({ root, run: runCommand });
  assert.ok(['crun', 'runc'].includes(c.runtime.name));
  assert.match(c.reason, /works|skipped/);
});
