// The model's first look is one listing as `ps` makes it, and nothing else: the inspects, the
// plan, the events, stats and log streams wait for follow() (once the first frame is on screen),
// so the first frame does not wait for them. The engine client is a recording fake here (the
// layer below the model); the real one is driven by test/dash/dash.e2e.test.ts and bench/dash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerSummary } from '../../runtime/api/types';
import type { ComposeSession } from '../compose/session';
import { LABEL } from '../observe/labels';
import { DashModel } from './model';

function summary(service: string, state: string): ContainerSummary {
  return {
    Id: `${service}-id`, Names: [`/demo-${service}-1`], Image: 'busybox:latest', State: state, Status: state === 'running' ? 'Up 2 minutes' : 'Exited (3) 1 minute ago',
    Labels: { [LABEL.project]: 'demo', [LABEL.service]: service, [LABEL.containerNumber]: '1' }, Ports: [],
  } as unknown as ContainerSummary;
}

test('start() lists once for the first frame: rows as ps shows them, no inspect, no stream', async () => {
  const calls: string[] = [];
  const client = new Proxy({}, {
    get: (_t, name: string) => (...args: unknown[]) => {
      calls.push(name);
      if (name === 'listContainers') return Promise.resolve([summary('web', 'running'), summary('db', 'exited')]);
      throw new Error(`${name} called before follow(): ${JSON.stringify(args)}`);
    },
  });
  const session = { client, now: () => 0 } as unknown as ComposeSession;
  const model = new DashModel({
    session, projectName: 'demo', hooks: {}, withService: () => { throw new Error('not used'); },
    now: () => 0, timer: () => () => undefined,
  });
  let changes = 0;
  model.subscribe(() => { changes++; });
  await model.start();
  assert.deepEqual(calls, ['listContainers'], 'one listing (the project and the projects of ls), nothing else');
  const rows = model.snapshot().services;
  assert.deepEqual(rows.map((r) => `${r.name} ${r.state} ${r.running}/${r.wanted}`), ['db exited (3) 0/1', 'web running 1/1']);
  assert.deepEqual(model.snapshot().projects, ['demo']);
  assert.ok(changes >= 1);
  model.close();
});
