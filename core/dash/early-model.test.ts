// The first frame's path: one listing of the compose containers makes the rows and projects (as
// `ps` and `ls` show them), before the compose file or the full model exist; the full model then
// takes over from what the first look saw, without listing again. The engine client is a
// recording fake (the layer below); the real one is driven by test/dash/dash.e2e.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerSummary } from '../../runtime/api/types';
import type { ComposeSession } from '../compose/session';
import { LABEL } from '../observe/labels';
import { EarlyModel, firstLook } from './early-model';
import { DashModel } from './model';
import type { ActionOutcome, DashModelApi, DashSnapshot } from './types';

function summary(project: string, service: string, n: number, state: string, status: string): ContainerSummary {
  return {
    Id: `${project}-${service}-${n}`, Names: [`/${project}-${service}-${n}`], Image: 'busybox:latest', State: state, Status: status,
    Labels: { [LABEL.project]: project, [LABEL.service]: service, [LABEL.containerNumber]: String(n) }, Ports: [],
  } as unknown as ContainerSummary;
}

const listed = [
  summary('demo', 'web', 1, 'running', 'Up 2 minutes (healthy)'), summary('demo', 'web', 2, 'running', 'Up 2 minutes (unhealthy)'),
  summary('demo', 'db', 1, 'exited', 'Exited (3) 1 minute ago'), summary('other', 'x', 1, 'running', 'Up 1 hour'),
  { ...summary('demo', 'web', 3, 'running', 'Up 1 second'), Labels: { [LABEL.project]: 'demo', [LABEL.service]: 'web', [LABEL.oneOff]: 'True' } } as ContainerSummary,
];

/** A client that answers listings (by the project label filter, as the engine does) and records every call. */
function recordingClient(calls: string[]): Pick<ComposeSession, 'client'>['client'] {
  return new Proxy({}, {
    get: (_t, name: string) => (opts: { filters?: { label?: string[] } }) => {
      calls.push(name);
      if (name !== 'listContainers') throw new Error(`${name} called on the first frame's path`);
      const label = opts.filters?.label?.[0] ?? '';
      return Promise.resolve(listed.filter((c) => (label.includes('=') ? `${LABEL.project}=${c.Labels![LABEL.project]}` === label : true)));
    },
  }) as Pick<ComposeSession, 'client'>['client'];
}

test('first look: one listing; rows as ps shows them (worst replica, health from Status, no one-off), the projects of ls', async () => {
  const calls: string[] = [];
  const look = await firstLook({ client: recordingClient(calls) }, 'demo');
  assert.deepEqual(calls, ['listContainers']);
  assert.deepEqual(look.projects, ['demo', 'other']);
  const early = new EarlyModel('demo');
  let changes = 0;
  early.subscribe(() => { changes++; });
  assert.deepEqual(early.snapshot().services, [], 'nothing before the look');
  early.show(look, Date.now());
  const rows = early.snapshot().services.map((r) => `${r.name} ${r.state} ${r.health} ${r.running}/${r.wanted}`);
  assert.deepEqual(rows, ['db exited (3)  0/1', 'web running unhealthy 2/2']);
  assert.deepEqual(early.snapshot().projects, ['demo', 'other']);
  assert.equal(changes, 1);
  early.show({ error: 'engine: connection refused' }, Date.now());
  assert.equal(early.snapshot().error, 'engine: connection refused');
});

test('the early model becomes the attached one: its snapshot, its changes; actions asked for before wait for it', async () => {
  const early = new EarlyModel('demo');
  early.show({ facts: [], projects: ['demo'] }, 0);
  const acted = early.act('stop', 'web');
  let settled = false;
  void acted.then(() => { settled = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'no model to act with yet');
  const listeners = new Set<() => void>();
  let snap: DashSnapshot = { project: 'demo', projects: ['demo'], services: [], events: [], version: 7, watching: true };
  let closed = false;
  const real = {
    snapshot: () => snap, subscribe: (fn: () => void) => { listeners.add(fn); return () => listeners.delete(fn); },
    act: (id: string, svc?: string): Promise<ActionOutcome> => Promise.resolve({ cli: `berth ${id} ${svc ?? ''}`.trim(), ok: true }),
    cliFor: (id: string, svc?: string) => `berth ${id} ${svc ?? ''}`.trim(), close: () => { closed = true; },
  } as unknown as DashModelApi;
  let changes = 0;
  early.subscribe(() => { changes++; });
  early.attach(real);
  assert.equal(changes, 1, 'attaching is a change');
  assert.equal(early.snapshot().watching, true);
  assert.deepEqual(await acted, { cli: 'berth stop web', ok: true });
  snap = { ...snap, version: 8 };
  for (const fn of listeners) fn();
  assert.equal(changes, 2, "the attached model's changes reach the UI");
  assert.equal(early.cliFor('restart', 'web'), 'berth restart web');
  early.close();
  assert.equal(closed, true);
});

test('a DashModel seeded with the first look shows its rows at once and lists nothing until follow()', () => {
  const calls: string[] = [];
  const session = { client: recordingClient(calls), now: () => 0 } as unknown as ComposeSession;
  const facts = [{ id: 'a', service: 'web', state: 'running', exitCode: 0, health: '' as const, restarts: 0, ports: [], image: 'busybox:latest' }];
  const model = new DashModel({
    session, projectName: 'demo', hooks: {}, withService: () => { throw new Error('not used'); },
    now: () => 0, timer: () => () => undefined, first: { facts, projects: ['demo', 'other'] }, problem: 'compose file: services.web.imagee: unknown key',
  });
  assert.deepEqual(model.snapshot().services.map((r) => `${r.name} ${r.state} ${r.running}/${r.wanted}`), ['web running 1/1']);
  assert.deepEqual(model.snapshot().projects, ['demo', 'other']);
  assert.match(model.snapshot().error ?? '', /compose file: .*unknown key/, 'why the compose file did not load shows');
  assert.deepEqual(calls, []);
  model.close();
});
