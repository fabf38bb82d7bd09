// Pure parts of the container service: names and lookup, guards, config merge, list filters,
// Docker's status text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateName, lookup, validateName } from './names';
import { canDelete, canKill, canPause, canStart, canUnpause, guard } from './state';
import { mergeConfig, mergeEnv, commandOf } from './merge-config';
import { matches, normalizeFilters } from './list-filters';
import { humanDuration, statusText, toSummary } from './inspect';
import { initialState, type ContainerRecord } from './record';
import { EngineError } from '../errors';

const isCode = (c: string) => (e: unknown): boolean => e instanceof EngineError && e.code === c;

function rec(over: Partial<ContainerRecord> = {}): ContainerRecord {
  return {
    id: 'a'.repeat(64), name: 'web', created: '2026-01-01T00:00:00.000Z', image: 'busybox', imageId: 'sha256:' + 'b'.repeat(64),
    config: { Labels: { tier: 'web', 'com.docker.compose.project': 'p' } }, hostConfig: { NetworkMode: 'none' }, path: 'sh', args: ['-c', 'echo hi there'],
    state: initialState(), restartCount: 0, manualStop: false, rootfs: '/r', mounts: [], cgroupsPath: '/berth/a', dir: '/d', ...over,
  };
}

test('names: validation, generation avoids taken names, lookup by id, name, prefix', () => {
  assert.equal(validateName('/web-1'), 'web-1');
  assert.throws(() => validateName('bad name'), isCode('INVALID_ARGUMENT'));
  const taken = new Set<string>();
  for (let i = 0; i < 50; i++) { const n = generateName((x) => taken.has(x)); assert.ok(!taken.has(n)); taken.add(n); }
  const all = [{ id: 'abc123', name: 'one' }, { id: 'abd456', name: 'two' }];
  assert.equal(lookup(all, 'two').id, 'abd456');
  assert.equal(lookup(all, '/one').id, 'abc123');
  assert.equal(lookup(all, 'abc').name, 'one');
  assert.throws(() => lookup(all, 'ab'), isCode('INVALID_ARGUMENT'));
  assert.throws(() => lookup(all, 'zzz'), isCode('NOT_FOUND'));
});

test('guards: which verb is allowed in which state', () => {
  assert.ok(canStart('created') && canStart('exited') && !canStart('running') && !canStart('paused'));
  assert.ok(canKill('running') && canKill('paused') && !canKill('exited') && !canKill('created'));
  assert.ok(canPause('running') && !canPause('paused') && canUnpause('paused') && !canUnpause('running'));
  assert.ok(canDelete('exited', false) && !canDelete('running', false) && canDelete('running', true) && canDelete('dead', false));
  assert.throws(() => guard(false, 'nope'), isCode('CONFLICT'));
});

test('config merge: env by key, entrypoint resets image cmd, defaults from image', () => {
  assert.deepEqual(mergeEnv(['PATH=/bin', 'A=1'], ['A=2', 'B=3']), ['PATH=/bin', 'A=2', 'B=3']);
  // A bare KEY unsets the image's KEY (dockerd's ReplaceOrAppendEnvValues); one the image lacks
  // leaves nothing behind, and `KEY=` (empty value) is a value, kept.
  assert.deepEqual(mergeEnv(['PATH=/bin', 'DEBUG=1', 'X=1'], ['DEBUG', 'NOPE', 'X=']), ['PATH=/bin', 'X=']);
  assert.deepEqual(mergeConfig({ Env: ['HOME'] }, { Env: ['HOME=/root', 'PATH=/bin'] }).Env, ['PATH=/bin']);
  const image = { Env: ['PATH=/bin'], Cmd: ['nginx', '-g', 'daemon off;'], Entrypoint: ['/docker-entrypoint.sh'], WorkingDir: '/app', User: 'app', StopSignal: 'SIGQUIT', Labels: { a: '1' } };
  const plain = mergeConfig({ Image: 'x' }, image);
  assert.deepEqual([plain.Entrypoint, plain.Cmd, plain.WorkingDir, plain.User, plain.StopSignal], [['/docker-entrypoint.sh'], ['nginx', '-g', 'daemon off;'], '/app', 'app', 'SIGQUIT']);
  assert.deepEqual(commandOf(plain), { path: '/docker-entrypoint.sh', args: ['nginx', '-g', 'daemon off;'] });
  const ep = mergeConfig({ Image: 'x', Entrypoint: ['sh'], Labels: { b: '2' } }, image);
  assert.deepEqual([ep.Entrypoint, ep.Cmd, ep.Labels], [['sh'], null, { a: '1', b: '2' }]);
  const cmd = mergeConfig({ Image: 'x', Cmd: ['ls'] }, image);
  assert.deepEqual([cmd.Entrypoint, cmd.Cmd], [['/docker-entrypoint.sh'], ['ls']]);
  assert.throws(() => commandOf(mergeConfig({ Image: 'x' }, {})), isCode('INVALID_ARGUMENT'));
});

test('Entrypoint [""] clears the image entrypoint and its Cmd, as Docker does', () => {
  const image = { Cmd: ['nginx'], Entrypoint: ['/docker-entrypoint.sh'] };
  const cleared = mergeConfig({ Image: 'x', Entrypoint: [''], Cmd: ['echo', 'hi'] }, image);
  assert.deepEqual([cleared.Entrypoint, cleared.Cmd], [null, ['echo', 'hi']]);
  assert.deepEqual(commandOf(cleared), { path: 'echo', args: ['hi'] });
  assert.throws(() => commandOf(mergeConfig({ Image: 'x', Entrypoint: [''] }, image)), isCode('INVALID_ARGUMENT'));
});

test('list filters: labels AND, names as regexps, status, exited code, ancestor; unknown key rejected', () => {
  const r = rec({ state: { ...initialState(), status: 'exited', exitCode: 3 } });
  const f = (x: Record<string, string[] | Record<string, boolean>>): boolean => matches(r, normalizeFilters(x));
  assert.ok(f({ label: ['tier=web', 'com.docker.compose.project=p'] }));
  assert.ok(!f({ label: ['tier=web', 'com.docker.compose.project=q'] }));
  assert.ok(f({ label: { tier: true } }));
  assert.ok(f({ name: ['^we'] }) && !f({ name: ['^db'] }));
  assert.ok(f({ status: ['exited', 'running'] }) && !f({ status: ['running'] }));
  assert.ok(f({ exited: ['3'] }) && !f({ exited: ['0'] }));
  assert.ok(f({ ancestor: ['busybox'] }) && f({ ancestor: ['bbbb'] }) && !f({ ancestor: ['alpine'] }));
  assert.ok(f({ network: ['none'] }));
  assert.throws(() => normalizeFilters({ bogus: ['x'] }), isCode('INVALID_ARGUMENT'));
});

test('status text and summary as docker ps shows them', () => {
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(45_000), '45 seconds');
  assert.equal(humanDuration(90_000), 'About a minute');
  assert.equal(humanDuration(150_000), '2 minutes');
  assert.equal(humanDuration(3_600_000), 'About an hour');
  const now = new Date('2026-01-01T00:10:00Z');
  const running = rec({ state: { ...initialState(), status: 'running', startedAt: '2026-01-01T00:05:00Z' } });
  assert.equal(statusText(running, now), 'Up 5 minutes');
  assert.equal(statusText(rec({ state: { ...initialState(), status: 'exited', exitCode: 1, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:09:00Z' } }), now), 'Exited (1) About a minute ago');
  assert.equal(statusText(rec(), now), 'Created');
  const s = toSummary(running, now);
  assert.equal(s.Command, 'sh -c "echo hi there"');
  assert.deepEqual(s.Names, ['/web']);
  assert.equal(s.Created, 1767225600);
});
