// The commands against a real registry (htpasswd Basic auth, plain HTTP on loopback) and a real
// engine started by the CLI: `berth login --password-stdin` writes config.json that both berth and
// the real docker CLI read; `berth image pull`, `docker pull` through berthd, `berth pull` of a
// compose project whose services share one image, `up` of a project whose images live only in the
// registry, `pull_policy: never` with a missing image, and `logout`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { E2eEngine } from '../e2e/harness';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { startRegistry, skopeoPush, skopeoInspect, type TestRegistry } from './harness';

let e: E2eEngine;
let reg: TestRegistry;
const user = { name: 'bob', password: 'hunter2' };
const creds = `${user.name}:${user.password}`;
let savedDockerConfig: string | undefined;

before(async () => {
  e = await E2eEngine.create('berth-regcli-', { name: 'bb', tag: 'latest' });
  savedDockerConfig = process.env.DOCKER_CONFIG;
  process.env.DOCKER_CONFIG = join(e.t.dir, 'docker-config');
  reg = await startRegistry(join(e.t.dir, 'registry'), { auth: { htpasswd: { user: user.name, password: user.password } } });
  const archive = join(e.t.dir, 'app.tar');
  await makeDockerArchive(archive, { name: 'app', tag: '1', gzip: true, extraLayers: [[{ name: 'srv/app.txt', content: 'app\n' }]] });
  await skopeoPush(archive, `${reg.host}/lib/app:1`, creds);
});
after(async () => {
  if (e) {
    await e.run(['engine', 'reset', '--force'], {}).catch(() => undefined);
    await e.close();
  }
  await reg?.stop();
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
});

test('login --password-stdin saves credentials in config.json; a wrong password is refused', async () => {
  const bad = await e.run(['login', '-u', user.name, '--password-stdin', reg.host], { input: 'nope\n' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unauthorized|incorrect username or password/);
  const r = await e.ok(['login', '-u', user.name, '--password-stdin', reg.host], { input: `${user.password}\n` });
  assert.match(r.stdout, /Login Succeeded/);
  const cfg = JSON.parse(await readFile(join(process.env.DOCKER_CONFIG as string, 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
  assert.equal(Buffer.from(cfg.auths[reg.host].auth, 'base64').toString(), creds);
  assert.match((await e.ok(['login', '--help'], {})).stdout, /--password-stdin/);
});

/** Runs `berth login` on a pseudo-terminal (script(1)), typing each answer once its prompt shows. */
function onTerminal(answers: Array<[RegExp, string]>): Promise<{ code: number | null; out: string }> {
  const cmd = `${process.execPath} ${join(process.cwd(), 'bin/berth')} login ${reg.host}`;
  const p = spawn('script', ['-qec', cmd, '/dev/null'], { env: { ...e.env(), DOCKER_CONFIG: process.env.DOCKER_CONFIG } });
  let out = '';
  let next = 0;
  p.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (next < answers.length && answers[next][0].test(out)) p.stdin.write(answers[next++][1]);
  });
  const timer = setTimeout(() => p.kill(), 60_000);
  return new Promise((resolve) => p.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); }));
}

test('login on a terminal asks for the username (saved one as default) and the password, not echoed', async () => {
  const r = await onTerminal([[/Username \(bob\): $/, 'bob\r'], [/Password: $/, `${user.password}\r`]]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Username \(bob\): bob\r?\n/);
  assert.ok(!r.out.includes(user.password), `the password is not echoed: ${r.out}`);
  assert.match(r.out, /Login Succeeded/);
  // Enter keeps the saved username; a wrong password is refused; Ctrl-C gives up.
  const again = await onTerminal([[/Username \(bob\): $/, '\r'], [/Password: $/, 'nope\r']]);
  assert.notEqual(again.code, 0);
  assert.match(again.out, /unauthorized|incorrect username or password/);
  const cancelled = await onTerminal([[/Username \(bob\): $/, '\u0003']]);
  assert.equal(cancelled.code, 1);
  assert.match(cancelled.out, /cancelled/);
});

test('berth image pull with the saved credentials; RepoDigests set; docker pull through berthd too', async () => {
  const r = await e.ok(['image', 'pull', `${reg.host}/lib/app:1`], { timeoutMs: 90_000 });
  assert.match(r.stdout, /Pull complete/);
  assert.equal(r.stdout.trim().split('\n').at(-1), `${reg.host}/lib/app:1`);
  const remote = await skopeoInspect(`${reg.host}/lib/app:1`, creds);
  const digests = JSON.parse((await e.ok(['image', 'inspect', '-f', '{{json .RepoDigests}}', `${reg.host}/lib/app:1`], {})).stdout) as string[];
  assert.deepEqual(digests, [`${reg.host}/lib/app@${remote.Digest}`]);
  await e.ok(['image', 'rm', `${reg.host}/lib/app:1`], {});
  const d = await e.run(['pull', `${reg.host}/lib/app:1`], { cmd: 'docker', timeoutMs: 90_000 });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, new RegExp(`Digest: ${remote.Digest}`));
  assert.match(d.stdout, /Status: Downloaded newer image/);
  await e.ok(['image', 'tag', `${reg.host}/lib/app:1`, `${reg.host}/lib/copy:2`], {});
  const push = await e.run(['push', `${reg.host}/lib/copy:2`], { cmd: 'docker', timeoutMs: 90_000 });
  assert.equal(push.code, 0, push.stderr);
  assert.equal((await skopeoInspect(`${reg.host}/lib/copy:2`, creds)).Digest, remote.Digest);
});

test('berth pull pulls a shared image once; up starts a project whose images are only in the registry', async () => {
  // Both names of the image go (the test above tagged it lib/copy:2), so its layers go too: a
  // layer still held by another image is only "Already exists", as with dockerd.
  await e.ok(['image', 'rm', '-f', `${reg.host}/lib/app:1`, `${reg.host}/lib/copy:2`], {}).catch(() => undefined);
  const dir = await e.project('shared', `services:\n  a:\n    image: ${reg.host}/lib/app:1\n    command: sleep 300\n  b:\n    image: ${reg.host}/lib/app:1\n    command: sleep 300\n`);
  const pull = await e.ok(['pull'], { cwd: dir, timeoutMs: 90_000 });
  assert.equal((pull.stderr.match(/Pulling fs layer/g) ?? []).length, 2, pull.stderr);
  assert.match(pull.stderr, /a Pulled/);
  assert.match(pull.stderr, /b Pulled/);
  await e.ok(['image', 'rm', '-f', `${reg.host}/lib/app:1`], {});
  const up = await e.ok(['up', '-d'], { cwd: dir, timeoutMs: 120_000 });
  assert.match(up.stderr, /Pulling/);
  const ps = await e.ok(['ps'], { cwd: dir });
  assert.match(ps.stdout, /^shared-a-1 .* Up /m);
  assert.match(ps.stdout, /^shared-b-1 .* Up /m);
  await e.ok(['down', '-t', '0'], { cwd: dir, timeoutMs: 60_000 });
});

test('docker-compose v1 pull through berthd, with the credentials berth login saved', async () => {
  await e.run(['image', 'rm', '-f', `${reg.host}/lib/app:1`], {});
  const dir = await e.project('v1', `version: "2.4"\nservices:\n  a:\n    image: ${reg.host}/lib/app:1\n`);
  const r = await e.run(['pull'], { cmd: 'docker-compose', cwd: dir, timeoutMs: 90_000 });
  assert.equal(r.code, 0, r.stderr);
  const inspect = await e.ok(['image', 'inspect', '-f', '{{.Id}}', `${reg.host}/lib/app:1`], {});
  assert.match(inspect.stdout, /^sha256:[a-f0-9]{64}$/m);
});

test('compose berth push sends each service image to the registry', async () => {
  await e.ok(['image', 'tag', `${reg.host}/lib/app:1`, `${reg.host}/lib/pushed:3`], {});
  const dir = await e.project('pushme', `services:\n  web:\n    image: ${reg.host}/lib/pushed:3\n`);
  const r = await e.ok(['push'], { cwd: dir, timeoutMs: 90_000 });
  assert.match(r.stderr, /3: digest: sha256:[a-f0-9]{64} size: \d+/);
  const local = JSON.parse((await e.ok(['image', 'inspect', '-f', '{{json .RepoDigests}}', `${reg.host}/lib/app:1`], {})).stdout) as string[];
  assert.equal(`${reg.host}/lib/app@${(await skopeoInspect(`${reg.host}/lib/pushed:3`, creds)).Digest}`, local[0]);
  assert.match((await e.ok(['push', '--help'], {})).stdout, /--ignore-push-failures/);
});

test('image push --all-tags pushes every local tag of the repository, and only those', async () => {
  for (const t of ['a', 'b']) await e.ok(['image', 'tag', `${reg.host}/lib/app:1`, `${reg.host}/lib/every:${t}`], {});
  await e.ok(['image', 'tag', `${reg.host}/lib/app:1`, `${reg.host}/lib/everything:c`], {});
  const r = await e.ok(['image', 'push', '--all-tags', `${reg.host}/lib/every`], { timeoutMs: 90_000 });
  assert.match(r.stdout, /a: digest: sha256:[a-f0-9]{64}/);
  assert.match(r.stdout, /b: digest: sha256:[a-f0-9]{64}/);
  for (const t of ['a', 'b']) assert.match((await skopeoInspect(`${reg.host}/lib/every:${t}`, creds)).Digest, /^sha256:/);
  await assert.rejects(skopeoInspect(`${reg.host}/lib/everything:c`, creds));
  const tagged = await e.run(['image', 'push', '-a', `${reg.host}/lib/every:a`], {});
  assert.equal(tagged.code, 1);
  assert.match(tagged.stderr, /tag can't be used with --all-tags/);
  const none = await e.run(['image', 'push', '-a', `${reg.host}/lib/nothing`], {});
  assert.match(none.stderr, /An image does not exist locally/);
});

test('pull_policy never with a missing image fails clearly; logout forgets the credentials', async () => {
  const dir = await e.project('never', `services:\n  web:\n    image: ${reg.host}/lib/absent:1\n    pull_policy: never\n`);
  const r = await e.run(['up', '-d'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /image .*absent:1 is not present and its pull_policy is never/);
  assert.match((await e.ok(['logout', reg.host], {})).stdout, new RegExp(`Removing login credentials for ${reg.host}`));
  const denied = await e.run(['image', 'pull', `${reg.host}/lib/app:1`], {});
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /pull access denied/);
});
