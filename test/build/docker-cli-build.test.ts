// `DOCKER_BUILDKIT=0 docker build` (the real docker CLI, classic builder) against berthd: a
// Dockerfile with RUN, COPY, ENV, WORKDIR, CMD... builds into an image that runs, with the
// config and history as dockerd's classic builder writes them; the contexts the CLI sends for a
// Dockerfile outside the context, on stdin, or a gzip context tar on stdin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BuildEngine } from './helpers';

let e: BuildEngine;
before(async () => { e = await BuildEngine.start('berth-build-cli-'); });
after(async () => { await e?.close(); });

async function ok(args: string[], input?: string | Buffer): Promise<string> {
  const r = await e.docker(args, input);
  assert.equal(r.code, 0, `docker ${args.join(' ')} failed (${r.code}): ${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

test('docker build: RUN, COPY, metadata; the image runs and inspects as Docker writes it', async () => {
  const dir = await e.context('basic', {
    Dockerfile: [
      'FROM busybox',
      'ENV GREETING=hello',
      'WORKDIR /app',
      'COPY hello.txt ./',
      'RUN echo "$GREETING from run" > /app/run.txt && cat /app/hello.txt',
      'EXPOSE 8080',
      'LABEL org.example.k="v 1"',
      'CMD ["cat", "/app/run.txt"]',
    ].join('\n'),
    'hello.txt': 'hi from the context\n',
  });
  const out = await ok(['build', '-t', 'demo:1', dir]);
  assert.match(out, /Step 1\/8 : FROM busybox/);
  assert.match(out, /hi from the context/);
  assert.match(out, /Successfully tagged demo:1/);
  assert.equal(await ok(['run', '--rm', 'demo:1']), 'hello from run\n');
  const cfg = JSON.parse(await ok(['image', 'inspect', '--format', '{{json .Config}}', 'demo:1']));
  assert.deepEqual(cfg.Cmd, ['cat', '/app/run.txt']);
  assert.equal(cfg.WorkingDir, '/app');
  assert.ok(cfg.Env.includes('GREETING=hello'));
  assert.deepEqual(cfg.ExposedPorts, { '8080/tcp': {} });
  assert.deepEqual(cfg.Labels, { 'org.example.k': 'v 1' });
  const history = await ok(['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'demo:1']);
  const lines = history.trim().split('\n');
  assert.equal(lines[0], '/bin/sh -c #(nop)  CMD ["cat" "/app/run.txt"]');
  assert.equal(lines[3], '/bin/sh -c echo "$GREETING from run" > /app/run.txt && cat /app/hello.txt');
  assert.match(lines[4], /^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \.\/ $/);
  assert.equal(lines[5], '/bin/sh -c #(nop) WORKDIR /app');
  assert.equal(lines[6], '/bin/sh -c #(nop)  ENV GREETING=hello');
});

test('docker build -f with the Dockerfile outside the context, and -f - (the CLI adds it as .dockerfile.<random>)', async () => {
  const dir = await e.context('outside-ctx', { 'a.txt': 'from the context\n' });
  const elsewhere = await e.context('outside-df', { Dockerfile: 'FROM busybox\nCOPY . /ctx/\nRUN cat /ctx/a.txt && ls -A /ctx\n' });
  const out = await ok(['build', '-t', 'outside:1', '-f', join(elsewhere, 'Dockerfile'), dir]);
  assert.match(out, /from the context/);
  // The added Dockerfile and .dockerignore are listed in the .dockerignore the CLI writes: not copied.
  assert.equal(await ok(['run', '--rm', 'outside:1', 'ls', '-A', '/ctx']), 'a.txt\n');
  const fromStdin = await ok(['build', '-q', '-f', '-', dir], 'FROM busybox\nCOPY a.txt /\nCMD ["cat", "/a.txt"]\n');
  assert.equal(await ok(['run', '--rm', fromStdin.trim()]), 'from the context\n');
});

test('docker build - (a Dockerfile alone on stdin) and docker build - < ctx.tar.gz (a gzip context)', async () => {
  const alone = await ok(['build', '-q', '-'], 'FROM busybox\nRUN echo built-from-stdin > /s\nCMD ["cat", "/s"]\n');
  assert.equal(await ok(['run', '--rm', alone.trim()]), 'built-from-stdin\n');
  const dir = await e.context('gz', { Dockerfile: 'FROM busybox\nCOPY b.txt /\nCMD ["cat", "/b.txt"]\n', 'b.txt': 'from a gzip context\n' });
  const gz = execFileSync('tar', ['-cz', '-C', dir, '.']);
  const id = await ok(['build', '-q', '-'], gz);
  assert.equal(await ok(['run', '--rm', id.trim()]), 'from a gzip context\n');
  // Cut mid-file, the same context fails clearly and the engine stays up.
  const plain = execFileSync('tar', ['-c', '-C', dir, '.']);
  const cut = await e.docker(['build', '-'], plain.subarray(0, 1536 + 10));
  assert.notEqual(cut.code, 0);
  assert.match(cut.stderr, /build context: .*Unexpected end of data/);
  assert.equal((await e.docker(['version', '--format', '{{.Server.Version}}'])).code, 0);
});
