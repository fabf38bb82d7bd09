// Compose builds through the bundle (bin/berth) on a real engine: `berth build` names the image
// `<project>-<service>` (plus build.tags), with build.args/target/labels and dockerfile_inline;
// `up` builds a missing image, `up --build` rebuilds after an edit and recreates the container;
// two services naming one image share a build; docker-compose v1's `build` goes through the same
// POST /build; build.additional_contexts (a folder, docker-image://, service:name).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { E2eEngine } from '../e2e/harness';

let e: E2eEngine;
let dir: string;
const COMPOSE = `services:
  web:
    build:
      context: .
      args: { GREETING: "hello" }
      target: final
      labels: { org.example.built: "yes" }
      tags: ["extra/web:v1"]
    command: ["sh", "-c", "cat /greeting; sleep 300"]
  inline:
    build:
      context: .
      dockerfile_inline: |
        FROM busybox
        RUN echo inline > /inline.txt
        CMD ["cat", "/inline.txt"]
`;
const DOCKERFILE = `FROM busybox AS base
ARG GREETING=unset
RUN echo "$GREETING" > /greeting
FROM base AS final
COPY msg.txt /msg.txt
`;

before(async () => {
  e = await E2eEngine.create('berth-build-compose-');
  dir = await e.project('demo', COMPOSE);
  await writeFile(join(dir, 'Dockerfile'), DOCKERFILE);
  await writeFile(join(dir, 'msg.txt'), 'one\n');
  await e.ok(['image', 'load', '-i', e.archive], { cwd: dir });
});
after(async () => {
  await e.run(['down', '-t', '0'], { cwd: dir }).catch(() => undefined);
  await e.close();
});

const berth = (args: string[]): ReturnType<E2eEngine['ok']> => e.ok(args, { cwd: dir, timeoutMs: 120_000 });

test('--help of the build commands lists their flags', async () => {
  assert.match((await berth(['build', '--help'])).stdout, /--build-arg[\s\S]*--no-cache/);
  assert.match((await berth(['image', 'build', '--help'])).stdout, /--target[\s\S]*--secret/);
  assert.match((await berth(['builder', 'prune', '--help'])).stdout, /Remove build cache/);
});

test('berth build: compose names, args, target, labels, tags, dockerfile_inline', async () => {
  const r = await berth(['build']);
  assert.match(r.stdout, /web +\| Step \d+\/\d+ : FROM busybox AS base/);
  assert.match(r.stdout, /inline +\| Step 2\/3 : RUN echo inline > \/inline.txt/);
  assert.match(r.stdout, /web +\| Successfully tagged demo-web:latest/);
  const web = JSON.parse((await berth(['image', 'inspect', 'demo-web'])).stdout)[0];
  assert.equal(web.Config.Labels['org.example.built'], 'yes');
  assert.deepEqual(web.RepoTags.sort(), ['demo-web:latest', 'extra/web:v1']);
  const out = await berth(['container', 'run', '--rm', 'demo-web', 'cat', '/greeting', '/msg.txt']);
  assert.equal(out.stdout, 'hello\none\n');
  const inline = await berth(['container', 'run', '--rm', 'demo-inline']);
  assert.equal(inline.stdout, 'inline\n');
});

test('up builds a missing image; up --build rebuilds after an edit and recreates', async () => {
  await berth(['image', 'rm', 'demo-web', 'extra/web:v1']);
  const first = await berth(['up', '-d', 'web']);
  assert.match(first.stderr, /web +\| Step/);
  const idBefore = JSON.parse((await berth(['image', 'inspect', 'demo-web'])).stdout)[0].Id;
  const noBuild = await berth(['up', '-d', 'web']);
  assert.doesNotMatch(noBuild.stderr, /Step/);
  await writeFile(join(dir, 'msg.txt'), 'two\n');
  const rebuilt = await berth(['up', '-d', '--build', 'web']);
  assert.match(rebuilt.stderr, /Using cache/);
  assert.match(rebuilt.stderr, /Recreate|Started|Created/);
  const idAfter = JSON.parse((await berth(['image', 'inspect', 'demo-web'])).stdout)[0].Id;
  assert.notEqual(idAfter, idBefore);
  const ps = JSON.parse((await berth(['ps', '--format', 'json'])).stdout || '[]') as Array<{ Image: string }> | { Image: string };
  const rows = Array.isArray(ps) ? ps : [ps];
  assert.ok(rows.length >= 1);
  const got = await berth(['exec', 'web', 'cat', '/msg.txt']);
  assert.equal(got.stdout, 'two\n');
});

test('docker-compose v1 build goes through POST /build', async () => {
  // compose v1 knows neither build.tags nor dockerfile_inline: its own file, same Dockerfile.
  await writeFile(join(dir, 'v1.yml'), 'version: "3.8"\nservices:\n  web:\n    build: { context: ., args: { GREETING: v1 }, target: final, labels: { org.example.built: "yes" } }\n');
  const r = await e.run(['-f', 'v1.yml', '-p', 'v1', 'build', 'web'], { cmd: 'docker-compose', cwd: dir, timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout + r.stderr, /Successfully built [0-9a-f]{12}/);
  const img = JSON.parse((await berth(['image', 'inspect', 'v1_web'])).stdout)[0];
  assert.equal(img.Config.Labels['org.example.built'], 'yes');
  const out = await berth(['container', 'run', '--rm', 'v1_web', 'cat', '/greeting']);
  assert.equal(out.stdout, 'v1\n');
});

test('build.additional_contexts: a folder, docker-image:// and service:name (built first) for FROM and COPY --from', async () => {
  const named = await e.project('named', `services:
  base:
    build:
      context: .
      dockerfile_inline: |
        FROM busybox
        RUN echo from-base > /base.txt
  app:
    build:
      context: .
      additional_contexts:
        basectx: service:base
        files: ./extra
        img: docker-image://busybox
      dockerfile_inline: |
        FROM img
        COPY --from=basectx /base.txt /
        COPY --from=files x.txt /
        CMD ["cat", "/base.txt", "/x.txt"]
  loop:
    build:
      context: .
      additional_contexts: { me: "service:loop" }
      dockerfile_inline: "FROM busybox\\n"
`);
  await mkdir(join(named, 'extra'));
  await writeFile(join(named, 'extra', 'x.txt'), 'from a folder context\n');
  const r = await e.ok(['build', 'app'], { cwd: named, timeoutMs: 120_000 });
  const tagged = r.stdout.indexOf('Successfully tagged named-base');
  assert.ok(tagged >= 0 && tagged < r.stdout.indexOf('Step 2/4 : COPY --from=basectx'), r.stdout);
  assert.equal((await e.ok(['container', 'run', '--rm', 'named-app'], { cwd: named })).stdout, 'from-base\nfrom a folder context\n');
  const loop = await e.run(['build', 'loop'], { cwd: named });
  assert.notEqual(loop.code, 0);
  assert.match(loop.stderr, /services need each other's images: loop -> loop/);
});

test('berth image build -f with the Dockerfile outside the context: the folder is still read in place, the Dockerfile goes as text', async () => {
  const elsewhere = join(dir, '..', 'elsewhere');
  await mkdir(elsewhere, { recursive: true });
  await writeFile(join(elsewhere, 'Dockerfile'), 'FROM busybox\nCOPY . /ctx/\nCMD ["sh", "-c", "ls -A /ctx && cat /ctx/msg.txt"]\n');
  const id = (await berth(['image', 'build', '-q', '-t', 'outside:1', '-f', join(elsewhere, 'Dockerfile'), '.'])).stdout.trim();
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  const out = (await berth(['container', 'run', '--rm', 'outside:1'])).stdout;
  assert.match(out, /^Dockerfile\n/m);
  assert.doesNotMatch(out, /berth-dockerfile/);
});

test('a Dockerfile error names the service and the Dockerfile as the project sees it, with line and column', async () => {
  const bad = await e.project('badbuild', 'services:\n  api:\n    build: ./api\n');
  await mkdir(join(bad, 'api'));
  await writeFile(join(bad, 'api', 'Dockerfile'), 'FROM busybox\nRUNN echo hi\n');
  const r = await e.run(['build'], { cwd: bad });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /service "api": api\/Dockerfile:2:1: unknown instruction: RUNN/);
});
