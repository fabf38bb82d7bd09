// removeCgroupParent is what every engine test's cleanup relies on after a failure: a parent with
// nested cgroups and a live process in them (a container a failed test left) must be gone after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeCgroupParent, testNames } from './helpers';

test('removeCgroupParent kills what still runs in the parent and removes nested cgroups', async () => {
  const { cgroupParent } = testNames();
  const nested = join('/sys/fs/cgroup/pids', cgroupParent, 'c1', 'deeper');
  await mkdir(nested, { recursive: true });
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
  try {
    await writeFile(join(nested, 'cgroup.procs'), String(child.pid));
    await removeCgroupParent(cgroupParent);
    assert.equal(await exited, 'SIGKILL', 'the process left in the parent was killed');
    assert.equal(existsSync(join('/sys/fs/cgroup/pids', cgroupParent)), false, 'parent and nested cgroups removed');
  } finally {
    child.kill('SIGKILL');
    await removeCgroupParent(cgroupParent);
  }
});
