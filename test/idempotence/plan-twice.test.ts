// Plan-level idempotence, pure: every example in examples/ and the every-kind-of-mount project,
// loaded by core/spec and adapted by fromProject, planned from nothing, the plan applied as an
// engine would (test/plan-golden/simulate), then planned again: the second plan is empty.
// And the contract between the engine's report and the reconciler's reading of it: a container
// record with a named or anonymous volume, shown by runtime/containers' toSummary and read by
// core/observe, names its named volume, so the reconciler does not see it "not mounted".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryHost } from '../../core/host/memory-host';
import { loadProject } from '../../core/spec';
import { emptyObservedState, toObservedContainer } from '../../core/observe';
import { renderPlan } from '../../core/plan';
import { fromProject, reconcile } from '../../core/reconcile';
import { toInspect, toSummary } from '../../runtime/containers/inspect';
import { initialState, type ContainerRecord } from '../../runtime/containers/record';
import { simulate } from '../plan-golden/simulate';
import { MOUNTS_COMPOSE } from './mounts-project';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

function planTwice(label: string, files: Record<string, string>, cwd: string): void {
  const view = fromProject(loadProject({ files: [] }, createMemoryHost({ files, cwd })));
  const first = reconcile(view, emptyObservedState(view.name));
  assert.ok(first.operations.some((o) => o.kind === 'CreateContainer'), `${label}: the first plan creates`);
  const again = reconcile(view, simulate(view, emptyObservedState(view.name), first));
  assert.deepEqual(again.operations, [], `${label}: second plan:\n${renderPlan(again)}`);
}

test('every example: planned, applied, planned again: nothing to do', () => {
  const names = readdirSync(examples, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(names.length >= 3);
  for (const name of names) {
    const dir = join(examples, name);
    planTwice(name, { [join(dir, 'compose.yaml')]: readFileSync(join(dir, 'compose.yaml'), 'utf8') }, dir);
  }
});

test('each kind of mount, networks, secrets, configs: planned twice, nothing the second time', () => {
  planTwice('mounts', { '/p/compose.yaml': MOUNTS_COMPOSE, '/p/token.txt': 's\n', '/p/conf.txt': 'c\n', '/p/site/index.html': 'hi\n' }, '/p');
});

function record(volumeAt: Record<string, string> | undefined): ContainerRecord {
  const mount = (destination: string, source: string) => ({ destination, type: 'bind', source, options: ['rbind', 'rw', 'rprivate'] });
  return {
    id: 'a'.repeat(64), name: 'p-db-1', created: '2026-12-07T00:00:00Z', image: 'busybox', imageId: 'sha256:x',
    config: { Labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.service': 'db' } }, hostConfig: {},
    path: 'sh', args: [], state: initialState(), restartCount: 0, manualStop: false, rootfs: '/r', dir: '/d', cgroupsPath: '/c',
    mounts: [mount('/data', '/v/p_data/_data'), mount('/cache', `/v/${'f'.repeat(64)}/_data`), mount('/src', '/home/src'), { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['rw'] }],
    ...(volumeAt ? { volumeAt } : {}),
  };
}

test('the engine reports volumes as Docker does and the reconciler reads them back', () => {
  const rec = record({ '/data': 'p_data', '/cache': 'f'.repeat(64) });
  const mounts = toInspect(rec, []).Mounts;
  assert.deepEqual(mounts.map((m) => [m.Type, m.Name, m.Driver, m.Destination]), [
    ['volume', 'p_data', 'local', '/data'], ['volume', 'f'.repeat(64), 'local', '/cache'], ['bind', undefined, undefined, '/src'], ['tmpfs', undefined, undefined, '/tmp'],
  ]);
  assert.equal(mounts[0]!.Source, '/v/p_data/_data');
  assert.deepEqual(toObservedContainer(toSummary(rec, new Date())).volumes, ['f'.repeat(64), 'p_data'].sort());
});

test('a record written before volumes were named shows its mounts as binds (no crash, nothing invented)', () => {
  assert.deepEqual(toInspect(record(undefined), []).Mounts.map((m) => m.Type), ['bind', 'bind', 'bind', 'tmpfs']);
});
