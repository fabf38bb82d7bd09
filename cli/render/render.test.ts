import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { LogPrefixer, logName } from '../../core/compose/log-prefix';
import { logColours, withoutMenuFlag } from '../commands/up';
import type { Operation } from '../../core/plan';
import { formatPlain, formatProgress, restartProgress } from './progress-lines';
import { formatPsTable } from './ps-table';
import { claimShortF, splitAtService } from './compose-setup';

test('log lines: names padded to one past the widest (compose computeWidth), one colour per service in order of appearance, partial last line flushed', async () => {
  const p = new LogPrefixer(true, true);
  p.add('db-1');
  p.add('backend-1');
  assert.equal(p.format('db', 'db-1', 'ready'), '\x1b[36mdb-1       | \x1b[0mready\n');
  assert.equal(p.format('backend', 'backend-1', 'x'), '\x1b[33mbackend-1  | \x1b[0mx\n');
  assert.match(p.format('db', 'db-2', 'y'), /^\x1b\[36m/, 'same service, same colour');
  const plain = new LogPrefixer(false, true);
  plain.add('a-1');
  const out = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => { text += b; });
  const w = plain.lineWriter('a', 'a-1', out);
  w.write('one\ntw');
  w.write('o\nthree');
  await new Promise<void>((r) => w.end(r));
  assert.equal(text, 'a-1  | one\na-1  | two\na-1  | three\n');
  assert.equal(new LogPrefixer(false, false).format('a', 'a-1', 'bare'), 'bare\n');
});

test('log names are compose\'s: the default container name without "<project>-", a container_name whole', () => {
  const keys = { project: 'p', service: 's', number: 'n' };
  assert.equal(logName('shop-web-1', { p: 'shop', s: 'web', n: '1' }, keys), 'web-1');
  assert.equal(logName('my-proxy', { p: 'shop', s: 'proxy', n: '1' }, keys), 'my-proxy');
  assert.equal(logName('x', undefined, keys), 'x');
});

test('up: --menu[=bool] is accepted and dropped, not after --; --ansi picks the log colours', () => {
  assert.deepEqual(withoutMenuFlag(['--menu=false', '-d', '--menu', 'web', '--', '--menu']), ['-d', 'web', '--', '--menu']);
  assert.equal(logColours('never', false, true), false);
  assert.equal(logColours('always', false, false), true);
  assert.equal(logColours(undefined, false, true), true);
  assert.equal(logColours('auto', true, true), false);
  assert.throws(() => logColours('sometimes', false, true), /--ansi sometimes/);
});

test('progress lines without a TTY are compose\'s plain writer\'s: " <resource> <text> <details>"', () => {
  const op = { kind: 'StartContainer', id: 'start container shop-web-1', name: 'shop-web-1', number: 1, container: { containerId: 'x' }, cause: { kind: 'created', recreated: false }, after: [] } as Operation;
  assert.equal(formatPlain({ op, status: 'working', text: 'Starting' }), ' Container shop-web-1 Starting \n');
  assert.equal(formatPlain({ op, status: 'done', text: 'Started', elapsedMs: 340 }), ' Container shop-web-1 Started \n');
  assert.equal(formatPlain({ op, status: 'error', text: 'Error', detail: 'port in use' }), ' Container shop-web-1 Error port in use\n');
  assert.equal(formatPlain({ op, status: 'done', text: 'Healthy', resource: 'Container shop-db-1' }), ' Container shop-db-1 Healthy \n');
});

test('restart shows each container Restarting then Started, as compose restart.go', () => {
  const stop = { kind: 'StopContainer', id: 'stop container p-a-1', name: 'p-a-1', container: { containerId: 'x' }, cause: { kind: 'restart' }, after: [] } as unknown as Operation;
  const start = { kind: 'StartContainer', id: 'start container p-a-1', name: 'p-a-1', number: 1, container: { containerId: 'x' }, cause: { kind: 'restart' }, after: [] } as Operation;
  const seen: string[] = [];
  const listener = restartProgress((e) => seen.push(formatPlain(e)))!;
  for (const [op, status, text] of [[stop, 'working', 'Stopping'], [stop, 'done', 'Stopped'], [start, 'working', 'Starting'], [start, 'done', 'Started']] as const) listener({ op, status, text });
  assert.deepEqual(seen, [' Container p-a-1 Restarting \n', ' Container p-a-1 Started \n']);
  assert.equal(restartProgress(undefined), undefined);
});

test('progress rows on a TTY keep the status mark and elapsed time', () => {
  const op = { kind: 'StartContainer', id: 'start container shop-web-1', name: 'shop-web-1', number: 1, container: { containerId: 'x' }, cause: { kind: 'created', recreated: false }, after: [] } as Operation;
  assert.equal(formatProgress({ op, status: 'working', text: 'Starting' }), '  Container shop-web-1  Starting\n');
  assert.equal(formatProgress({ op, status: 'done', text: 'Started', elapsedMs: 340 }), '✔ Container shop-web-1  Started 0.3s\n');
  assert.equal(formatProgress({ op, status: 'error', text: 'Error', detail: 'port in use', elapsedMs: 50 }), '✘ Container shop-web-1  Error: port in use 0.1s\n');
});

test('ps table: compose\'s columns, quoted command cut at 20, ports as published->target', () => {
  const text = formatPsTable([{ ID: 'i', Name: 'p-web-1', Image: 'busybox:latest', Command: 'httpd -f -p 80 -h /www', Project: 'p', Service: 'web', Created: 1000, State: 'running', Status: 'Up 2 minutes', Health: '', ExitCode: 0, Publishers: [{ URL: '127.0.0.1', TargetPort: 80, PublishedPort: 18080, Protocol: 'tcp' }] }], 1130);
  assert.equal(text, 'NAME      IMAGE            COMMAND                  SERVICE   CREATED         STATUS         PORTS\n'
    + 'p-web-1   busybox:latest   "httpd -f -p 80 -h /…"   web       2 minutes ago   Up 2 minutes   127.0.0.1:18080->80/tcp\n');
});

test('exec/run: flags end at the service name; -f goes to a command that has its own', () => {
  assert.deepEqual(splitAtService(['-T', '-e', 'A=1', '--root', '/r', 'web', 'sh', '-c', 'echo -e x'], ['-e']), { head: ['-T', '-e', 'A=1', '--root', '/r', 'web'], tail: ['sh', '-c', 'echo -e x'] });
  assert.deepEqual(splitAtService(['web', '--', 'x'], []), { head: ['web'], tail: ['--', 'x'] });
  assert.deepEqual(claimShortF(['-f', 'web'], { follow: { type: 'boolean', short: 'f' } }), ['--follow', 'web']);
  assert.deepEqual(claimShortF(['-f', 'x.yaml'], { detach: { type: 'boolean', short: 'd' } }), ['-f', 'x.yaml']);
});
