// `start` of a real crun container without `crun start`: the init is released through its exec
// fifo and crun then reports it running; with a poststart hook, or once started, crun does it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OciRuntimeCli } from './runtime-cli';
import { busyboxBundleSpec } from '../../test/fixtures/crun-bundle';
import { waitFor } from '../../test/network/helpers';
import { runCommand, type RunCommand } from './run-command';
import { ProcessLauncher } from './process-launcher';
import { startThroughExecFifo } from './exec-fifo';

function spyRun(): { run: RunCommand; verbs: string[] } {
  const verbs: string[] = [];
  return { verbs, run: (file, args, opts) => { verbs.push(args.find((a) => !a.startsWith('--')) ?? ''); return runCommand(file, args, opts); } };
}


/** busybox sh writing /out/ran once started; `hook` adds a poststart hook. */
function spec(id: string, outDir: string, hook: boolean): object {
  // The hook reads the state crun writes to its stdin (OCI: hooks get it there): one that exits
  // without reading lets crun's write hit a closed pipe, and `crun start` dies of SIGPIPE
  // (seen 1 run in 8 with `true`).
  const hooks = { hooks: { poststart: [{ path: '/bin/busybox', args: ['busybox', 'sh', '-c', 'cat >/dev/null'] }] } };
  return busyboxBundleSpec(id, outDir, 'echo ran > /out/ran', hook ? hooks : {});
}

for (const hook of [false, true]) {
  test(`crun start ${hook ? 'with a poststart hook goes through crun' : 'without hooks needs no crun process'}`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-fifo-'));
    const id = `berth-fifotest-${randomBytes(4).toString('hex')}`;
    const spy = spyRun();
    const cli = new OciRuntimeCli('crun', '/usr/bin/crun', join(dir, 'state'), spy.run);
    const out = join(dir, 'bundle', 'rootfs', 'out');
    try {
      await mkdir(out, { recursive: true });
      await writeFile(join(dir, 'bundle', 'config.json'), JSON.stringify(spec(id, out, hook)));
      const crun = await new ProcessLauncher().launch('/usr/bin/crun', { args: [`--root=${cli.root}`, 'create', '--bundle', join(dir, 'bundle'), id], stdio: ['ignore', 'ignore', 'ignore'] });
      assert.deepEqual(await crun.exited, { code: 0, signal: null });
      assert.equal((await cli.state(id))?.status, 'created');
      spy.verbs.length = 0;
      await cli.start(id);
      assert.deepEqual(spy.verbs, hook ? ['start'] : []);
      await waitFor(async () => (await readFile(join(out, 'ran'), 'utf8').catch(() => '')) === 'ran\n', 5000);
      await waitFor(async () => (await cli.state(id))?.status === 'stopped', 5000);
      // Started once: no fifo any more, so the shortcut declines and crun answers.
      assert.equal(await startThroughExecFifo(join(cli.root, id)), false);
      await assert.rejects(cli.start(id));
    } finally {
      await runCommand('/usr/bin/crun', [`--root=${cli.root}`, 'delete', '--force', id]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
}
