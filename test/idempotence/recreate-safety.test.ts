// A recreate never stops half-way: the replacement is created (under a temporary name) before the
// old container is stopped, removed or renamed, so when that create fails (a bad port, a missing
// image, a full disk) the old container is left running and untouched. Plan from the real
// reconciler, executed on the executor's fake engine with the create made to fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { CoreError } from '../../core/errors';
import { LABEL, type ObservedState } from '../../core/observe';
import { executePlan } from '../../core/execute/executor';
import { FakeEngine } from '../../core/execute/fake-engine.test-support';
import { reconcile, upOptions, type DesiredProject } from '../../core/reconcile';

const project: DesiredProject = {
  name: 'p', profiles: [], networks: {}, volumes: {},
  services: { web: { name: 'web', image: 'busybox', customImage: true, configHash: 'new', replicas: 1, dependsOn: {}, namespaceParents: [], networks: [], volumes: [], labels: {}, profiles: [] } },
};
const observed: ObservedState = {
  project: 'p', networks: [], volumes: [], images: {},
  containers: [{ id: 'old0000000001', name: 'p-web-1', service: 'web', number: 1, oneOff: false, state: 'running', configHash: 'old', imageDigest: '', image: 'busybox', networks: [], volumes: [], created: 1, labels: {} }],
};

test('a failing create of the replacement leaves the old container running: no stop, remove or rename', async () => {
  const plan = reconcile(project, observed, upOptions());
  const recreate = plan.operations.find((o) => o.kind === 'RecreateContainer');
  assert.ok(recreate && recreate.kind === 'RecreateContainer', 'the config change plans a recreate');
  const engine = new FakeEngine();
  engine.containers.set('old0000000001', { id: 'old0000000001', name: 'p-web-1', labels: { [LABEL.project]: 'p', [LABEL.service]: 'web' }, status: 'running', exitCode: 0 });
  engine.failures.set(`create ${recreate.tmpName}`, new CoreError('INVALID_ARGUMENT', 'invalid host port'));
  await assert.rejects(executePlan(plan, {
    engine, project: 'p', now: () => performance.now(), sleep: (ms) => delay(ms), pollMs: 1,
    config: { container: async () => ({ Image: 'busybox' }), network: (op) => ({ Name: op.name }), volume: (op) => ({ Name: op.name }) },
  }), /invalid host port/);
  assert.deepEqual(engine.calls.filter((c) => /^(stop|remove|rename) /.test(c)), [], engine.calls.join('\n'));
  assert.equal(engine.containers.get('old0000000001')?.status, 'running');
});
