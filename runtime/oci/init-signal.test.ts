// Signals without a process: the pidfd path delivers to the verified init only, and every doubt
// (wrong start time, --all, a stopped container) goes through the runtime. The last tests run a
// real crun container (busybox, pid namespace) and prove `kill` reached it without `crun kill`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { libcSpawn } from './libc-spawn';
import { processStartTime, readInitProcess, signalNumber, signalVerified } from './init-signal';
import { OciRuntimeCli } from './runtime-cli';
import { busyboxBundleSpec } from '../../test/fixtures/crun-bundle';
import { waitFor } from '../../test/network/helpers';
import { runCommand, type RunCommand } from './run-command';
import { ProcessLauncher } from './process-launcher';

const libc = libcSpawn();

test('signal names and numbers as crun kill accepts them', () => {
  assert.equal(signalNumber('SIGTERM'), 15);
  assert.equal(signalNumber('term'), 15);
  assert.equal(signalNumber('9'), 9);
  assert.equal(signalNumber('SIGRTMIN+3'), 37);
  assert.equal(signalNumber('SIGNOPE'), undefined);
  assert.equal(signalNumber('0'), undefined);
});

test('readInitProcess reads crun status and runc state.json', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-initsig-'));
  try {
    await mkdir(join(root, 'a'));
    await writeFile(join(root, 'a', 'status'), JSON.stringify({ pid: 42, 'process-start-time': 777 }));
    await mkdir(join(root, 'b'));
    await writeFile(join(root, 'b', 'state.json'), JSON.stringify({ init_process_pid: 43, init_process_start: 778 }));
    assert.deepEqual(await readInitProcess(root, 'a', 'crun'), { pid: 42, startTime: 777 });
    assert.deepEqual(await readInitProcess(root, 'b', 'runc'), { pid: 43, startTime: 778 });
    assert.equal(await readInitProcess(root, 'missing', 'crun'), undefined);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a verified pid gets the signal; a start-time mismatch (a reused pid) gets nothing', async () => {
  assert.ok(libc);
  let got = 0;
  const on = (): void => { got++; };
  process.on('SIGURG', on);
  try {
    const startTime = await processStartTime(process.pid);
    assert.ok(startTime && startTime > 0);
    assert.equal(await signalVerified(libc, { pid: process.pid, startTime: startTime + 1 }, 23), false);
    assert.equal(await signalVerified(libc, { pid: process.pid, startTime }, 23), true);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(got, 1);
  } finally {
    process.off('SIGURG', on);
  }
});

/** A RunCommand that records each runtime verb it runs, then runs it for real. */
function spyRun(): { run: RunCommand; verbs: string[][] } {
  const verbs: string[][] = [];
  return { verbs, run: (file, args, opts) => { verbs.push(args.filter((a) => !a.startsWith('--root='))); return runCommand(file, args, opts); } };
}

test('kill of a real crun container: init signalled without crun kill; --all and a stopped container go through crun', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-initsig-ct-'));
  const id = `berth-sigtest-${randomBytes(4).toString('hex')}`;
  const spy = spyRun();
  const cli = new OciRuntimeCli('crun', '/usr/bin/crun', join(dir, 'state'), spy.run);
  try {
    await mkdir(join(dir, 'bundle', 'rootfs', 'out'), { recursive: true });
    await writeFile(join(dir, 'bundle', 'config.json'), JSON.stringify(spec(id, join(dir, 'bundle', 'rootfs', 'out'))));
    // The container inherits crun's stdio: /dev/null, not pipes we would wait on.
    const crun = await new ProcessLauncher().launch('/usr/bin/crun', { args: [`--root=${cli.root}`, 'run', '-d', '--bundle', join(dir, 'bundle'), id], stdio: ['ignore', 'ignore', 'ignore'] });
    assert.deepEqual(await crun.exited, { code: 0, signal: null });
    await waitFor(async () => (await readFile(join(dir, 'bundle', 'rootfs', 'out', 'ready'), 'utf8').catch(() => '')) === 'ready\n', 5000);
    await cli.kill(id, 'SIGTERM');
    assert.deepEqual(spy.verbs, [], 'no runtime process for a plain kill');
    await waitFor(async () => (await readFile(join(dir, 'bundle', 'rootfs', 'out', 'got'), 'utf8').catch(() => '')) === 'term\n', 5000);
    await waitFor(async () => (await cli.state(id))?.status === 'stopped', 5000);
    spy.verbs.length = 0;
    // The init is gone: the pidfd cannot open, so crun answers, whatever it answers.
    await cli.kill(id, 'SIGTERM').catch(() => undefined);
    assert.deepEqual(spy.verbs.map((v) => v[0]), ['kill']);
    spy.verbs.length = 0;
    await cli.kill(id, 'SIGKILL', true).catch(() => undefined);
    assert.deepEqual((spy.verbs[0] as string[] | undefined)?.slice(0, 2), ['kill', '--all']);
  } finally {
    await runCommand('/usr/bin/crun', [`--root=${cli.root}`, 'delete', '--force', id]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});


/** busybox sh as pid 1 that records a SIGTERM in a bind-mounted host directory. */
function spec(id: string, outDir: string): object {
  return busyboxBundleSpec(id, outDir, 'trap "echo term > /out/got; exit 0" TERM; echo ready > /out/ready; while :; do /busybox sleep 0.05; done');
}
