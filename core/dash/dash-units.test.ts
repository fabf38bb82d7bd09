// The pure parts of the dashboard model: the log ring, the service rows, the `since` after a log
// timestamp, stats figures, and the actions' availability and CLI lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStats } from '../../runtime/api/types';
import { actionInfos, cliLine, type ActionTarget } from './actions';
import { afterStamp } from './log-feed';
import { LogRing } from './log-ring';
import { serviceRows, type ContainerFacts } from './service-rows';
import { cpuPercentOf, memoryOf } from './stats-feed';

test('log ring keeps the newest lines, oldest first, and counts every line', () => {
  const r = new LogRing(3);
  for (let i = 0; i < 5; i++) r.push({ service: 'web', name: 'web-1', timestamp: '', text: `l${i}` });
  assert.deepEqual(r.lines().map((l) => l.text), ['l2', 'l3', 'l4']);
  assert.deepEqual(r.lines().map((l) => l.seq), [2, 3, 4]);
  assert.equal(r.total, 5);
  assert.throws(() => new LogRing(0), RangeError);
});

const fact = (over: Partial<ContainerFacts>): ContainerFacts => ({ id: 'a', service: 'web', state: 'running', exitCode: 0, health: '', restarts: 0, ports: [], image: 'img', ...over });

test('service rows: worst replica state and health, replicas of wanted, sums, uptime of the oldest', () => {
  const rows = serviceRows({
    services: [{ name: 'web', image: 'img', replicas: 3, disabled: false }, { name: 'off', image: 'x', replicas: 1, disabled: true }],
    containers: [
      fact({ id: 'a', health: 'healthy', startedAt: 1_000, restarts: 1, ports: ['0.0.0.0:8080->80/tcp'] }),
      fact({ id: 'b', health: 'unhealthy', startedAt: 31_000, restarts: 2 }),
      fact({ id: 'c', state: 'exited', exitCode: 3 }),
    ],
    stats: new Map([['a', { cpu: 1, memBytes: 100 }], ['b', { cpu: 2.5, memBytes: 50 }], ['c', { cpu: 9 }]]),
    recreate: new Map([['web', 'config hash changed']]),
    now: 61_000,
  });
  assert.deepEqual(rows[0], {
    name: 'web', state: 'exited (3)', health: 'unhealthy', running: 2, wanted: 3, ports: ['0.0.0.0:8080->80/tcp'], cpu: 3.5, memBytes: 150,
    restarts: 3, uptimeSec: 60, image: 'img', recreate: 'config hash changed', disabled: false,
  });
  assert.equal(rows[1]!.state, '-');
  assert.equal(rows[1]!.wanted, 0);
  assert.equal(rows[1]!.disabled, true);
  assert.equal(rows[1]!.cpu, undefined);
});

test('afterStamp: the engine since value 1 ns after an RFC3339 nanosecond stamp', () => {
  assert.equal(afterStamp('2026-12-07T01:02:03.000000009Z'), '1796605323.000000010');
  assert.equal(afterStamp('2026-12-07T01:02:03Z'), '1796605323.000000001');
  assert.equal(afterStamp('garbage'), '0');
});

test('stats: CPU % from the previous sample, memory without the page cache', () => {
  const s = {
    cpu_stats: { cpu_usage: { total_usage: 300, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 2000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 100, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 1000 },
    memory_stats: { usage: 1000, stats: { inactive_file: 200 } },
  } as unknown as ContainerStats;
  assert.equal(cpuPercentOf(s), 40);
  assert.equal(memoryOf(s), 800);
  assert.equal(cpuPercentOf({ ...s, precpu_stats: { cpu_usage: { total_usage: 0 } } } as unknown as ContainerStats), undefined, 'first sample: no figure yet');
});

test('actions: hooks decide rebuild/pull/watch; without a compose file the file-bound ones say why', () => {
  const none = actionInfos({}, true);
  assert.match(none.find((a) => a.id === 'rebuild')!.unavailable!, /build/);
  assert.match(none.find((a) => a.id === 'watch')!.unavailable!, /watch/);
  assert.equal(none.find((a) => a.id === 'stop')!.unavailable, undefined);
  const hooked = actionInfos({ pull: async () => undefined }, true);
  assert.equal(hooked.find((a) => a.id === 'pull')!.unavailable, undefined);
  const noFile = actionInfos({}, false);
  assert.match(noFile.find((a) => a.id === 'restart')!.unavailable!, /no compose file/);
  assert.equal(noFile.find((a) => a.id === 'kill')!.unavailable, undefined, 'kill works by project name');
});

test('actions: the CLI line each stands for', () => {
  const t = { projectName: 'demo', replicas: () => 2 } as unknown as ActionTarget;
  assert.equal(cliLine('restart', 'web', t, false), 'berth restart web');
  assert.equal(cliLine('scale-up', 'web', t, false), 'berth up -d --no-deps --scale web=3 web');
  assert.equal(cliLine('scale-down', 'web', t, true), 'berth -p demo up -d --no-deps --scale web=1 web');
  assert.equal(cliLine('recreate', 'web', t, false), 'berth up -d --force-recreate --no-deps web');
  assert.equal(cliLine('disable', 'web', t, false), 'berth rm -s -f web');
  assert.equal(cliLine('down', '', t, false), 'berth down');
});
