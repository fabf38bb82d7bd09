import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from './graph';
import { traverse, TraversalError } from './traverse';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

// db <- api <- web ; cache <- api ; worker (alone)
const project = {
  db: {},
  cache: {},
  api: { depends_on: { db: {}, cache: {} } },
  web: { links: ['api:backend'] },
  worker: { volumes_from: ['db:ro'] },
};

function recorder() {
  const log: string[] = [];
  let running = 0;
  let max = 0;
  const visit = async (name: string) => {
    running++;
    max = Math.max(max, running);
    log.push(`start ${name}`);
    await tick(5);
    log.push(`end ${name}`);
    running--;
  };
  return { log, visit, max: () => max };
}

function assertBefore(log: string[], a: string, b: string) {
  assert.ok(log.indexOf(`end ${a}`) < log.indexOf(`start ${b}`), `${a} must finish before ${b} starts:\n${log.join('\n')}`);
}

test('up: every vertex starts after all its dependencies finished', async () => {
  const r = recorder();
  await traverse(buildGraph(project), r.visit, { direction: 'up' });
  assertBefore(r.log, 'db', 'api');
  assertBefore(r.log, 'cache', 'api');
  assertBefore(r.log, 'api', 'web');
  assertBefore(r.log, 'db', 'worker');
  assert.equal(r.log.filter((l) => l.startsWith('end')).length, 5);
});

test('down: dependants first', async () => {
  const r = recorder();
  await traverse(buildGraph(project), r.visit, { direction: 'down' });
  assertBefore(r.log, 'web', 'api');
  assertBefore(r.log, 'api', 'db');
  assertBefore(r.log, 'worker', 'db');
  assertBefore(r.log, 'api', 'cache');
});

test('concurrency is bounded', async () => {
  const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${i}`, {}]));
  const r = recorder();
  await traverse(buildGraph(many), r.visit, { direction: 'up', concurrency: 3 });
  assert.equal(r.max(), 3);
  const r1 = recorder();
  await traverse(buildGraph(many), r1.visit, { direction: 'up' });
  assert.equal(r1.max(), 12);
});

test('a failure stops scheduling and names the vertex', async () => {
  const started: string[] = [];
  const err = await traverse(buildGraph(project), async (name) => {
    started.push(name);
    await tick(2);
    if (name === 'db') throw new Error('boom');
  }, { direction: 'up', concurrency: 1 }).catch((e: unknown) => e);
  assert.ok(err instanceof TraversalError);
  assert.equal(err.vertex, 'db');
  assert.match(err.message, /db: boom/);
  assert.ok(!started.includes('api') && !started.includes('web') && !started.includes('worker'));
});

test('abort signal stops the walk', async () => {
  const ac = new AbortController();
  const started: string[] = [];
  const p = traverse(buildGraph(project), async (name) => {
    started.push(name);
    await tick(10);
  }, { direction: 'up', concurrency: 1, signal: ac.signal });
  await tick(3);
  ac.abort();
  await assert.rejects(p, /aborted/);
  assert.equal(started.length, 1);
});

test('cycles are reported with their path', () => {
  assert.throws(() => buildGraph({ a: { depends_on: { b: {} } }, b: { depends_on: { a: {} } } }), /dependency cycle detected: a -> b -> a/);
  assert.throws(() => buildGraph({ s: { depends_on: { s: {} } } }), /dependency cycle detected: s -> s/);
  assert.throws(() => buildGraph({ a: { network_mode: 'service:b' }, b: { volumes_from: ['c'] }, c: { links: ['a'] } }), /a -> b -> c -> a/);
});

test('empty graph and subsets', async () => {
  await traverse(buildGraph({}), async () => { throw new Error('never'); }, { direction: 'up' });
  const r = recorder();
  await traverse(buildGraph(project), r.visit, { direction: 'up', only: ['web', 'api'] });
  assert.deepEqual(r.log.filter((l) => l.startsWith('start')), ['start api', 'start web']);
});
