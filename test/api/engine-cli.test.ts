// `berth engine start|status|stop|reset` and ensureEngine() with the real bundle: the daemon is
// spawned detached from bin/berth, answers _ping, refuses a second engine on its root, stops on
// SIGTERM cleaning its socket and pid file; BERTH_ROOT/BERTH_HOST redirect it, DOCKER_HOST does not.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { alive, readEnginePid, stopEngineProcess } from '../../core/engine/index';
import { removeCgroupParent, tempRoot, testNames, type TempRoot } from './helpers';

const bin = fileURLToPath(new URL('../../bin/berth', import.meta.url));
const roots: TempRoot[] = [];
const names = testNames();

after(async () => {
  for (const t of roots) {
    const pid = await readEnginePid(t.root);
    if (pid !== undefined) await stopEngineProcess(pid);
    await t.cleanup();
  }
  await removeCgroupParent(names.cgroupParent);
});

function berth(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, BERTH_ROOT: '', BERTH_HOST: '', BERTH_NETWORK_PREFIX: names.networkPrefix, BERTH_CGROUP_PARENT: names.cgroupParent, ...env }, timeout: 30_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);

test('start, status, a refused second daemon, stop: the whole life of an engine', async () => {
  const t = await tempRoot();
  roots.push(t);
  const flags = ['--root', t.root, '--host', `unix://${t.socketPath}`];
  assert.equal(berth(['engine', 'status', ...flags]).status, 3, 'not running yet');
  const started = berth(['engine', 'start', ...flags]);
  assert.equal(started.status, 0, started.stderr);
  assert.match(started.stdout, /engine started \(pid \d+\)/);
  const pid = await readEnginePid(t.root);
  assert.ok(pid !== undefined && alive(pid));
  assert.match(berth(['engine', 'start', ...flags]).stdout, /already running/);
  const status = berth(['engine', 'status', ...flags]);
  assert.equal(status.status, 0);
  assert.match(status.stdout, new RegExp(`pid ${pid}`));
  assert.match(status.stdout, /API 1\.45, min 1\.41/);
  const second = berth(['engine', 'daemon', '--root', t.root, '--host', t.socketPath + '.2']);
  assert.notEqual(second.status, 0);
  assert.match(second.stderr, /already runs on/);
  const stopped = berth(['engine', 'stop', ...flags]);
  assert.equal(stopped.status, 0, stopped.stderr);
  assert.ok(!alive(pid as number));
  assert.equal(await exists(t.socketPath), false, 'socket removed');
  assert.equal(await exists(join(t.root, 'berthd.pid')), false, 'pid file removed');
  assert.match(await readFile(join(t.root, 'berthd.log'), 'utf8'), /listening on/);
});

test('BERTH_ROOT and BERTH_HOST select the engine; DOCKER_HOST alone does not', async () => {
  const t = await tempRoot();
  roots.push(t);
  const decoy = join(t.dir, 'docker.sock');
  const r = berth(['engine', 'start'], { BERTH_ROOT: t.root, BERTH_HOST: `unix://${t.socketPath}`, DOCKER_HOST: `unix://${decoy}` });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(await exists(t.socketPath));
  assert.equal(await exists(decoy), false);
  const reset = berth(['engine', 'reset'], { BERTH_ROOT: t.root, BERTH_HOST: t.socketPath });
  assert.equal(reset.status, 1, 'reset needs --force');
  assert.ok(await exists(t.root));
  const forced = berth(['engine', 'reset', '--force'], { BERTH_ROOT: t.root, BERTH_HOST: t.socketPath });
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(await exists(t.root), false, 'root removed');
  assert.equal(await exists(t.socketPath), false);
});
