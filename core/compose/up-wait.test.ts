// up --wait's verdict per container (compose waitDependencies with running-or-healthy): the word
// it reports, or the error that ends the wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerInspect } from '../../runtime/api/types';
import { waitVerdict } from './up';

const c = (status: string, exit = 0, health?: string): ContainerInspect =>
  ({ Id: 'x', Name: '/p-web-1', State: { Status: status, ExitCode: exit, Health: health === undefined ? undefined : { Status: health } } }) as unknown as ContainerInspect;

test('running without healthcheck or healthy is Healthy; starting or created is Waiting', () => {
  assert.equal(waitVerdict(c('running'), false), 'Healthy');
  assert.equal(waitVerdict(c('running', 0, 'healthy'), false), 'Healthy');
  assert.equal(waitVerdict(c('running', 0, 'starting'), false), 'Waiting');
  assert.equal(waitVerdict(c('created'), false), 'Waiting');
});

test('a one-shot that exited 0 is Exited; any other exit or unhealthy ends the wait', () => {
  assert.equal(waitVerdict(c('exited', 0), true), 'Exited');
  assert.throws(() => waitVerdict(c('exited', 0), false), /container p-web-1 exited \(0\)/);
  assert.throws(() => waitVerdict(c('exited', 3), true), /exited \(3\)/);
  assert.throws(() => waitVerdict(c('running', 0, 'unhealthy'), false), /is unhealthy/);
});
