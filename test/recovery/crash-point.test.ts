// The test hook's contract (runtime/daemon/crash-point.ts) and the monitor's identity
// (runtime/tasks/monitor.ts): pure parts, no engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { crashPointFrom, CRASH_STEPS } from '../../runtime/daemon/crash-point';
import { identify, monitorRuns } from '../../runtime/tasks/monitor';

test('BERTH_TEST_CRASH_AT=<step>:<n> fires on the n-th time that step is reached, and only then', () => {
  const fired: string[] = [];
  const lines: string[] = [];
  const hook = crashPointFrom('container-create:3', (l) => lines.push(l), () => fired.push('die'));
  assert.ok(hook);
  for (const step of ['container-create', 'network-create', 'container-create', 'container-create', 'container-create']) hook(step);
  assert.deepEqual(fired, ['die']);
  assert.match(lines[0], /test crash point container-create \(#3\)/);
});

test('unset means no hook; an unknown step or a bad count is refused, naming the steps', () => {
  assert.equal(crashPointFrom(undefined, () => undefined), undefined);
  assert.equal(crashPointFrom('', () => undefined), undefined);
  assert.throws(() => crashPointFrom('container-craete', () => undefined), (err: Error & { code?: string }) => err.code === 'INVALID_ARGUMENT' && err.message.includes(CRASH_STEPS.join(', ')));
  assert.throws(() => crashPointFrom('network-create:0', () => undefined), /expected <step>\[:<n>\]/);
  assert.throws(() => crashPointFrom('network-create:x', () => undefined), /expected <step>\[:<n>\]/);
});

test('a monitor is the process with that pid AND start time: gone once it exits', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const m = await identify(child.pid as number);
  assert.ok(m && m.startTime !== '');
  assert.equal(await monitorRuns(m), true);
  assert.equal(await monitorRuns({ ...m, startTime: '1' }), false, 'another process by that pid is not the monitor');
  // After an engine restart the pid file may name a reused pid: only a process naming the container counts.
  assert.ok(await identify(child.pid as number, '30'));
  assert.equal(await identify(child.pid as number, 'another-container'), undefined);
  child.kill('SIGKILL');
  await once(child, 'exit');
  assert.equal(await monitorRuns(m), false);
  assert.equal(await identify(child.pid as number), undefined);
});
