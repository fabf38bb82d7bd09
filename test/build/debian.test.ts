// The builder on a real Debian base (berth-debian:bookworm, mmdebstrap's rootfs, see
// scripts/debian-image.sh), not only on static busybox: dynamically linked programs run in RUN
// (ld.so, libc, python3 and its C extension psycopg2); USER names resolve through the image's
// /etc/passwd and /etc/group, both for a user a RUN created and one a package created; a
// HEALTHCHECK lands in the config and drives a container to healthy; the base itself is imported
// once per engine (scripts/debian-image.sh finds it by its label).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { E2eEngine, type Run } from '../e2e/harness';
import { debianBase, importDebianBase } from '../examples/debian-base';

let e: E2eEngine;
before(async () => {
  e = await E2eEngine.create('berth-build-debian-');
  await importDebianBase(e);
});
after(async () => {
  await e.run(['container', 'rm', '-f', 'hc'], {}).catch(() => undefined);
  await e.close();
});

async function context(name: string, dockerfile: string[]): Promise<string> {
  const dir = join(e.t.dir, name);
  await mkdir(dir);
  await writeFile(join(dir, 'Dockerfile'), dockerfile.join('\n') + '\n');
  return dir;
}

const build = (tag: string, dir: string): Promise<Run> => e.ok(['image', 'build', '-t', tag, dir], { timeoutMs: 120_000 });
const runIn = async (image: string, cmd: string[], args: string[] = []): Promise<string> =>
  (await e.ok(['container', 'run', '--rm', '--network', 'none', ...args, image, ...cmd], { timeoutMs: 60_000 })).stdout;

test('the base is imported once: a second scripts/debian-image.sh finds it by its label', async () => {
  const id = (await e.ok(['image', 'inspect', '-f', '{{.Id}}', debianBase], {})).stdout.trim();
  const again = await importDebianBase(e);
  assert.doesNotMatch(again.stderr, /importing|mmdebstrap/, again.stderr);
  assert.equal((await e.ok(['image', 'inspect', '-f', '{{.Id}}', debianBase], {})).stdout.trim(), id);
  const env = (await e.ok(['image', 'inspect', '-f', '{{json .Config.Env}}', debianBase], {})).stdout;
  assert.match(env, /"PATH=\/usr\/local\/sbin:[^"]*\/usr\/bin[^"]*"/, 'PATH set, so a RUN has one');
});

test('RUN runs dynamically linked programs: ld.so, libc, python3 and a C extension', async () => {
  const dir = await context('dyn', [
    `FROM ${debianBase}`,
    'RUN ldd /usr/bin/python3 | grep -q "libc.so.6 =>" && echo dynamic-ok',
    'RUN python3 -c "import psycopg2, psycopg2._psycopg as c; print(psycopg2.__version__.split()[0]); print(c.__file__)" > /psycopg2.txt',
    'RUN bash -c \'printf "%s\\n" "$BASH_VERSION"\' > /bash.version',
  ]);
  const r = await build('deb-dyn:1', dir);
  assert.match(r.stdout + r.stderr, /dynamic-ok/);
  // the version, and the C extension's shared object that RUN's python3 loaded (dlopen, libpq)
  assert.match(await runIn('deb-dyn:1', ['cat', '/psycopg2.txt']), /^2\.\d+\.\d+\n\/usr\/lib\/python3\/dist-packages\/psycopg2\/_psycopg\.cpython-\d+-x86_64-linux-gnu\.so\n$/);
  assert.match(await runIn('deb-dyn:1', ['cat', '/bash.version']), /^5\.\d/);
});

test('USER names resolve through the image\'s /etc/passwd and /etc/group', async () => {
  const dir = await context('users', [
    `FROM ${debianBase}`,
    'RUN groupadd --gid 4300 crew && useradd --uid 4242 --gid crew --create-home app',
    'USER app',
    'RUN id -u > /home/app/uid && id -gn > /home/app/group && touch /home/app/made-by-app',
    'USER postgres:postgres',
    'RUN id > /tmp/postgres.id',
    'USER app',
  ]);
  await build('deb-users:1', dir);
  const cfg = (await e.ok(['image', 'inspect', '-f', '{{.Config.User}}', 'deb-users:1'], {})).stdout.trim();
  assert.equal(cfg, 'app', 'Config.User keeps the name, as docker build does');
  assert.equal(await runIn('deb-users:1', ['cat', '/home/app/uid', '/home/app/group']), '4242\ncrew\n');
  assert.equal(await runIn('deb-users:1', ['stat', '-c', '%u:%g', '/home/app/made-by-app']), '4242:4300\n');
  assert.equal(await runIn('deb-users:1', ['id', '-u']), '4242\n', 'the container runs as the image\'s USER');
  const pg = await runIn('deb-users:1', ['cat', '/tmp/postgres.id']);
  assert.match(pg, /^uid=\d+\(postgres\) gid=\d+\(postgres\)/, 'a user a package created (postgresql-common)');
});

test('HEALTHCHECK lands in the config and drives a container to healthy', async () => {
  const dir = await context('health', [
    `FROM ${debianBase}`,
    'HEALTHCHECK --interval=5s --timeout=2s --start-period=20s --start-interval=200ms --retries=2 \\',
    '  CMD ["python3", "-c", "import os, sys; sys.exit(0 if os.path.exists(\'/tmp/ready\') else 1)"]',
    'CMD ["bash", "-c", "sleep 0.5; touch /tmp/ready; exec sleep 300"]',
  ]);
  await build('deb-health:1', dir);
  const hc = JSON.parse((await e.ok(['image', 'inspect', '-f', '{{json .Config.Healthcheck}}', 'deb-health:1'], {})).stdout) as Record<string, unknown>;
  assert.deepEqual(hc, {
    Test: ['CMD', 'python3', '-c', 'import os, sys; sys.exit(0 if os.path.exists(\'/tmp/ready\') else 1)'],
    Interval: 5e9, Timeout: 2e9, StartPeriod: 20e9, StartInterval: 2e8, Retries: 2,
  });
  await e.ok(['container', 'run', '-d', '--name', 'hc', '--network', 'none', 'deb-health:1'], { timeoutMs: 60_000 });
  let status = '';
  for (const end = Date.now() + 30_000; Date.now() < end && status !== 'healthy';) {
    status = (await e.ok(['container', 'inspect', '-f', '{{.State.Health.Status}}', 'hc'], {})).stdout.trim();
    if (status !== 'healthy') await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(status, 'healthy');
});
