// `berth engine start|status|stop|reset` and ensureEngine() with the real bundle: the daemon is
// spawned detached from bin/berth, answers _ping, refuses a second engine on its root, stops on
// SIGTERM cleaning its socket and pid file; BERTH_ROOT/BERTH_HOST redirect it, DOCKER_HOST does not;
// bin/berth runs without NODE_EXTRA_CA_CERTS but hands it, unchanged, to the daemon it starts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
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

test('bin/berth itself runs without NODE_EXTRA_CA_CERTS, and the daemon it starts gets the variable back', async () => {
  const t = await tempRoot();
  roots.push(t);
  // A path that does not exist: node warns "Ignoring extra certs from <path>" at start-up when it
  // parses the variable, which shows who parsed it. bin/berth is executed itself (its shebang is
  // what sets the variable aside), not through process.execPath.
  const ca = join(t.dir, 'missing-extra-ca.pem');
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: ca, BERTH_ROOT: '', BERTH_HOST: '', BERTH_NETWORK_PREFIX: names.networkPrefix, BERTH_CGROUP_PARENT: names.cgroupParent };
  const cli = spawnSync(bin, ['engine', 'start', '--root', t.root, '--host', t.socketPath], { encoding: 'utf8', env, timeout: 30_000 });
  assert.equal(cli.status, 0, cli.stderr);
  assert.doesNotMatch(cli.stderr, /Ignoring extra certs/, 'the CLI did not parse the CA bundle');
  const pid = await readEnginePid(t.root);
  assert.ok(pid !== undefined);
  const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
  assert.ok(environ.includes(`NODE_EXTRA_CA_CERTS=${ca}`), 'the daemon has the user\'s NODE_EXTRA_CA_CERTS');
  assert.equal(environ.filter((e) => e.startsWith('BERTH_EXTRA_CA_CERTS=')).length, 0, 'and not the parking variable');
  assert.match(await readFile(join(t.root, 'berthd.log'), 'utf8'), new RegExp(`Ignoring extra certs from \`${ca}\``), 'the daemon\'s node read it');
  // Without the variable, neither appears in the daemon's environment.
  execFileSync(bin, ['engine', 'stop', '--root', t.root, '--host', t.socketPath], { env });
  const { NODE_EXTRA_CA_CERTS: _drop, ...without } = env;
  const again = spawnSync(bin, ['engine', 'start', '--root', t.root, '--host', t.socketPath], { encoding: 'utf8', env: without, timeout: 30_000 });
  assert.equal(again.status, 0, again.stderr);
  const pid2 = await readEnginePid(t.root);
  const environ2 = await readFile(`/proc/${pid2}/environ`, 'utf8');
  assert.doesNotMatch(environ2, /(NODE|BERTH)_EXTRA_CA_CERTS=/);
});
