import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { CoreError } from '../errors';
import { LABEL } from '../observe/labels';
import type { Operation, Plan } from '../plan/operation';
import { ExecuteError, executePlan, type ExecuteOptions } from './executor';
import type { ProgressEvent } from './progress';
import { FakeEngine } from './fake-engine.test-support';

const cause = { kind: 'missing' } as const;
const labelsOf = (service: string) => ({ [LABEL.project]: 'demo', [LABEL.service]: service, [LABEL.oneOff]: 'False' });

function create(name: string, service: string, after: string[] = []): Operation {
  return { kind: 'CreateContainer', id: `create container ${name}`, name, service, number: 1, cause, after };
}
function start(name: string, service: string, after: string[]): Operation {
  return { kind: 'StartContainer', id: `start container ${name}`, name, service, number: 1, cause, after, container: { createdBy: `create container ${name}` } };
}

function options(engine: FakeEngine, extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return {
    engine, project: 'demo', now: () => performance.now(), sleep: (ms) => delay(ms), pollMs: 1,
    config: {
      container: async (op) => ({ Image: 'busybox:latest', Labels: labelsOf(op.service) }),
      network: (op) => ({ Name: op.name }),
      volume: (op) => ({ Name: op.name }),
    },
    ...extra,
  };
}

test('operations run after everything in their after list, creates feed their ids to later ops', async () => {
  const engine = new FakeEngine();
  engine.delayMs = 2;
  const plan: Plan = { warnings: [], operations: [
    { kind: 'CreateNetwork', id: 'create network demo_default', key: 'default', name: 'demo_default', cause, after: [] },
    create('demo-db-1', 'db', ['create network demo_default']),
    create('demo-web-1', 'web', ['create network demo_default']),
    start('demo-db-1', 'db', ['create container demo-db-1']),
    start('demo-web-1', 'web', ['create container demo-web-1', 'start container demo-db-1']),
  ] };
  const result = await executePlan(plan, options(engine));
  assert.equal(engine.calls[0], 'create network demo_default');
  assert.ok(engine.calls.indexOf('start demo-web-1') > engine.calls.indexOf('start demo-db-1'));
  assert.equal(result.created.size, 2);
  const web = engine.containers.get(result.created.get('create container demo-web-1')!)!;
  assert.equal(web.status, 'running');
});

test('at most `concurrency` engine calls run at once, and independent ones overlap', async () => {
  const engine = new FakeEngine();
  engine.delayMs = 10;
  const ops = Array.from({ length: 10 }, (_, i) => create(`demo-s${i}-1`, `s${i}`));
  await executePlan({ operations: ops, warnings: [] }, options(engine, { concurrency: 3 }));
  assert.equal(engine.maxInFlight, 3);
  assert.equal(engine.calls.length, 10);
});

test('without a limit every ready operation runs at once, as compose without --parallel', async () => {
  const engine = new FakeEngine();
  engine.delayMs = 10;
  const ops = Array.from({ length: 12 }, (_, i) => create(`demo-s${i}-1`, `s${i}`));
  await executePlan({ operations: ops, warnings: [] }, options(engine));
  assert.equal(engine.maxInFlight, 12);
});

test('a failure stops dependants, lets running ops finish, and names the op and service', async () => {
  const engine = new FakeEngine();
  engine.delayMs = 5;
  engine.failures.set('start demo-db-1', new CoreError('FAILED_PRECONDITION', 'port is already allocated'));
  const plan: Plan = { warnings: [], operations: [
    create('demo-db-1', 'db'), create('demo-other-1', 'other'),
    start('demo-db-1', 'db', ['create container demo-db-1']),
    create('demo-web-1', 'web', ['start container demo-db-1']),
  ] };
  const err = await executePlan(plan, options(engine)).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ExecuteError);
  assert.equal(err.code, 'FAILED_PRECONDITION');
  assert.match(err.message, /start container demo-db-1 \(service db\): port is already allocated/);
  assert.ok(engine.calls.includes('create demo-other-1'));
  assert.ok(!engine.calls.includes('create demo-web-1'));
});

function gate(target: string, condition: 'service_healthy' | 'service_completed_successfully', required: boolean, after: string[]): Operation {
  return { kind: 'WaitCondition', id: `wait ${target} ${condition}`, target, condition, required, cause: { kind: 'depends-on', dependants: ['web'] }, after };
}

function gatedPlan(condition: 'service_healthy' | 'service_completed_successfully', required = true): Plan {
  return { warnings: [], operations: [
    create('demo-db-1', 'db'), start('demo-db-1', 'db', ['create container demo-db-1']),
    gate('db', condition, required, ['start container demo-db-1']),
    create('demo-web-1', 'web'), start('demo-web-1', 'web', ['create container demo-web-1', `wait db ${condition}`]),
  ] };
}

/** Scripts the db container once it exists (health sequence, or an exit). */
function onCreate(engine: FakeEngine, fn: (c: NonNullable<ReturnType<FakeEngine['containers']['get']>>) => void): void {
  const orig = engine.startContainer.bind(engine);
  engine.startContainer = async (id) => {
    await orig(id);
    const c = engine.containers.get(id)!;
    if (c.name === 'demo-db-1') fn(c);
  };
}

test('service_healthy holds the dependant until every container is healthy', async () => {
  const engine = new FakeEngine();
  onCreate(engine, (c) => { c.health = ['starting', 'starting', 'starting', 'healthy']; });
  const events: ProgressEvent[] = [];
  await executePlan(gatedPlan('service_healthy'), options(engine, { onProgress: (e) => events.push(e) }));
  assert.ok(engine.calls.indexOf('start demo-web-1') > engine.calls.indexOf('start demo-db-1'));
  assert.deepEqual(engine.containers.get([...engine.containers.keys()][0]!)!.health, ['healthy']);
  // compose's waitDependencies events: one per container waited for, named by the container
  const gate = events.filter((e) => e.op.kind === 'WaitCondition').map((e) => [e.status, e.resource, e.text]);
  assert.deepEqual(gate, [['working', 'Container demo-db-1', 'Waiting'], ['done', 'Container demo-db-1', 'Healthy']]);
});

test('service_healthy fails on an unhealthy container or one without a healthcheck', async () => {
  const engine = new FakeEngine();
  onCreate(engine, (c) => { c.health = ['starting', 'unhealthy']; });
  await assert.rejects(executePlan(gatedPlan('service_healthy'), options(engine)), /container demo-db-1 is unhealthy/);
  assert.ok(!engine.calls.includes('start demo-web-1'));
  const bare = new FakeEngine();
  await assert.rejects(executePlan(gatedPlan('service_healthy'), options(bare)), /has no healthcheck configured/);
});

test('required: false turns a failed gate into a warning and the dependant starts', async () => {
  const engine = new FakeEngine();
  onCreate(engine, (c) => { c.health = ['unhealthy']; });
  const result = await executePlan(gatedPlan('service_healthy', false), options(engine));
  assert.ok(engine.calls.includes('start demo-web-1'));
  assert.match(result.warnings[0]!, /optional dependency db: .*unhealthy/);
});

test('service_completed_successfully waits for exit 0 and fails on another code', async () => {
  const ok = new FakeEngine();
  onCreate(ok, (c) => { setTimeout(() => { c.status = 'exited'; }, 15); });
  await executePlan(gatedPlan('service_completed_successfully'), options(ok));
  assert.ok(ok.calls.includes('start demo-web-1'));
  const bad = new FakeEngine();
  onCreate(bad, (c) => { c.status = 'exited'; c.exitCode = 3; });
  await assert.rejects(executePlan(gatedPlan('service_completed_successfully'), options(bad)), /didn't complete successfully: exit 3/);
  assert.ok(!bad.calls.includes('start demo-web-1'));
});

test('down: already-gone containers are done, an image in use is a warning, not a failure', async () => {
  const engine = new FakeEngine();
  engine.failures.set('remove image busybox:latest', new CoreError('CONFLICT', 'image is in use'));
  const plan: Plan = { warnings: [], operations: [
    { kind: 'RemoveContainer', id: 'remove container x', name: 'x', container: { containerId: 'gone' }, volumes: false, cause: { kind: 'down' }, after: [] },
    { kind: 'RemoveImage', id: 'remove image busybox:latest', image: 'busybox:latest', cause: { kind: 'down-images', mode: 'all' }, after: ['remove container x'] },
  ] };
  const result = await executePlan(plan, options(engine));
  assert.deepEqual(result.warnings, ['image busybox:latest is in use']);
});

test('an aborted signal stops the walk before the next operation', async () => {
  const engine = new FakeEngine();
  engine.delayMs = 5;
  const ac = new AbortController();
  const plan: Plan = { warnings: [], operations: [create('demo-a-1', 'a'), create('demo-b-1', 'b', ['create container demo-a-1'])] };
  const running = executePlan(plan, options(engine, { signal: ac.signal }));
  ac.abort();
  await assert.rejects(running, /interrupted/);
  assert.ok(!engine.calls.includes('create demo-b-1'));
});
