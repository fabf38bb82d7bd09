import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterPsOutput } from './top';
import { parseNetDev } from './stats';
import { parseKeyValues } from './cgroups';
import { conmonArgs } from './conmon';
import { shellQuote } from './exec';
import { taskPaths } from './task-paths';

test('top: keeps the container pids, joins the command column', () => {
  const ps = 'UID PID PPID C STIME TTY TIME CMD\nroot 1 0 0 10:00 ? 00:00:01 /sbin/init\nroot 4242 4200 0 10:01 ? 00:00:00 sleep 120 --flag\n';
  const t = filterPsOutput(ps, [4242]);
  assert.deepEqual(t.Titles, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
  assert.deepEqual(t.Processes, [['root', '4242', '4200', '0', '10:01', '?', '00:00:00', 'sleep 120 --flag']]);
  assert.throws(() => filterPsOutput('USER COMMAND\nroot x\n', [1]), /PID field/);
});

test('cgroup key/value files', () => {
  assert.deepEqual(parseKeyValues('oom_kill_disable 0\nunder_oom 0\noom_kill 2\n'), { oom_kill_disable: 0, under_oom: 0, oom_kill: 2 });
  assert.deepEqual(parseKeyValues(undefined), {});
});

test('conmon is called as Podman calls it', () => {
  const a = conmonArgs({ conmonPath: '/usr/bin/conmon', runtimePath: '/usr/bin/crun', runtimeArgs: ['--root=/r'], id: 'c1', paths: { ...taskPaths('/b'), socketDir: '/s' }, terminal: true, stdin: true, logSizeMax: 1024 });
  const after = (flag: string): string => a[a.indexOf(flag) + 1];
  assert.equal(after('-c'), 'c1');
  assert.equal(after('-r'), '/usr/bin/crun');
  assert.equal(after('-b'), '/b');
  assert.equal(after('-l'), 'k8s-file:/b/ctr.log');
  assert.equal(after('--exit-dir'), '/b/exits');
  assert.equal(after('--log-size-max'), '1024');
  assert.equal(after('--runtime-arg'), '--root=/r');
  assert.ok(a.includes('-t') && a.includes('-i') && a.includes('--full-attach'));
});

test('shell quoting for script -c', () => {
  assert.equal(shellQuote(['/usr/bin/crun', '--root=/r', 'exec', "it's here", 'a b']), `/usr/bin/crun --root=/r exec 'it'\\''s here' 'a b'`);
});

test('net/dev: per-interface counters, loopback left out', () => {
  const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
  eth0:    2048      16    1    2    0     0          0         0     1024       8    3    4    0     0       0          0
`;
  assert.deepEqual(parseNetDev(text), { eth0: { rx_bytes: 2048, rx_packets: 16, rx_errors: 1, rx_dropped: 2, tx_bytes: 1024, tx_packets: 8, tx_errors: 3, tx_dropped: 4 } });
});
