// Every instruction on a real engine, checked in the image (config, files, owners, modes) and by
// running it: multi-stage with COPY --from and --target, --chown/--chmod, heredocs, ADD of a
// local tar, USER, SHELL, HEALTHCHECK, ONBUILD, VOLUME, STOPSIGNAL, ENTRYPOINT, exec-form RUN,
// RUN --mount=type=cache (persists) and type=secret (in no layer), .dockerignore, ADD of an
// http URL from a loopback server with --checksum.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { Readable } from 'node:stream';
import { BuildEngine } from './helpers';
import { buildDir, buildError } from './build-client';
import { EngineClient } from '../../core/engine/index';

let e: BuildEngine;
before(async () => { e = await BuildEngine.start('berth-build-ins-'); });
after(async () => { await e?.close(); });

async function ok(args: string[]): Promise<string> {
  const r = await e.docker(args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('multi-stage: COPY --from a stage, --chown/--chmod, heredoc COPY, --target', async () => {
  const dir = await e.context('multi', {
    Dockerfile: [
      'FROM busybox AS builder',
      'RUN mkdir /out && echo built > /out/artifact && echo unused > /out/other',
      'FROM busybox AS unused',
      'RUN echo never-built',
      'FROM busybox AS final',
      'COPY --from=builder --chown=app:app --chmod=640 /out/artifact /app/',
      'ARG WHO=world',
      'COPY <<EOF /app/notes.txt',
      'from a heredoc, "$WHO" \\$HOME',
      'EOF',
      "COPY <<'EOF' /app/verbatim.txt",
      'kept: $WHO',
      'EOF',
      'RUN ls -ln /app/artifact | awk \'{print $1, $3, $4}\' && cat /app/notes.txt /app/verbatim.txt',
    ].join('\n'),
  });
  const r = await buildDir(e.t.socketPath, dir, { tags: ['multi:final'] });
  assert.doesNotMatch(r.output, /never-built/);
  assert.match(r.output, /^-rw-r----- 1000 1000$/m);
  assert.match(r.output, /^from a heredoc, "world" \$HOME$/m, 'an unquoted delimiter expands build variables and keeps quotes');
  assert.match(r.output, /^kept: \$WHO$/m, 'a quoted delimiter keeps the body as written');
  const t = await buildDir(e.t.socketPath, dir, { tags: ['multi:builder'], target: 'builder' });
  assert.equal(await ok(['run', '--rm', 'multi:builder', 'cat', '/out/artifact']), 'built\n');
  assert.notEqual(t.id, r.id);
});

test('ADD of a local tar extracts it; .dockerignore leaves files out', async () => {
  const dir = await e.context('add', {
    Dockerfile: 'FROM busybox\nADD bundle.tar /opt/\nCOPY . /ctx/\nRUN ls /opt/bundle /ctx | sort\n',
    '.dockerignore': 'secret.txt\n*.log\n',
    'secret.txt': 'nope', 'debug.log': 'nope', 'keep.txt': 'yes',
  });
  await mkdir(join(dir, 'bundle'));
  await writeFile(join(dir, 'bundle', 'inside.txt'), 'x');
  execFileSync('tar', ['-cf', join(dir, 'bundle.tar'), '-C', dir, 'bundle']);
  const r = await buildDir(e.t.socketPath, dir, { tags: ['add:1'] });
  assert.match(r.output, /^inside\.txt$/m);
  assert.match(r.output, /^keep\.txt$/m);
  assert.doesNotMatch(r.output, /secret\.txt|debug\.log/);
});

test('config instructions: USER, SHELL, HEALTHCHECK, ENTRYPOINT, VOLUME, STOPSIGNAL, ONBUILD', async () => {
  const dir = await e.context('config', {
    Dockerfile: [
      'FROM busybox',
      'SHELL ["/bin/sh", "-ec"]',
      'RUN ["/bin/sh", "-c", "echo exec-form"]',
      'USER app',
      'RUN id -u > /tmp/uid',
      'HEALTHCHECK --interval=5s --timeout=2s --retries=4 CMD test -f /tmp/uid',
      'ENTRYPOINT ["cat"]',
      'CMD ["/tmp/uid"]',
      'VOLUME /data',
      'STOPSIGNAL SIGINT',
      'ONBUILD RUN echo triggered > /tmp/onbuild',
    ].join('\n'),
  });
  const r = await buildDir(e.t.socketPath, dir, { tags: ['cfg:1'] });
  assert.match(r.output, /^exec-form$/m);
  assert.equal(await ok(['run', '--rm', 'cfg:1']), '1000\n');
  const c = JSON.parse(await ok(['image', 'inspect', '--format', '{{json .Config}}', 'cfg:1']));
  assert.equal(c.User, 'app');
  assert.deepEqual(c.Shell, ['/bin/sh', '-ec']);
  assert.deepEqual(c.Healthcheck, { Test: ['CMD-SHELL', 'test -f /tmp/uid'], Interval: 5e9, Timeout: 2e9, Retries: 4 });
  assert.deepEqual(c.Entrypoint, ['cat']);
  assert.deepEqual(c.Volumes, { '/data': {} });
  assert.equal(c.StopSignal, 'SIGINT');
  assert.deepEqual(c.OnBuild, ['RUN echo triggered > /tmp/onbuild']);
  const child = await e.context('child', { Dockerfile: 'FROM cfg:1\nUSER root\nRUN cat /tmp/onbuild\n' });
  const cr = await buildDir(e.t.socketPath, child, { tags: ['cfg:child'] });
  assert.match(cr.output, /# Executing 1 build trigger/);
  assert.match(cr.output, /^triggered$/m);
  assert.deepEqual(cr.output.match(/^Step \S+/gm), ['Step 1/3', 'Step 2/3', 'Step 3/3'], 'triggers run unnumbered under their FROM');
  const cc = JSON.parse(await ok(['image', 'inspect', '--format', '{{json .Config}}', 'cfg:child']));
  assert.ok(!cc.OnBuild, 'ONBUILD triggers are not inherited by the child');
});

test('RUN --mount: a cache mount persists between builds; a secret lands in no layer', async () => {
  const dir = await e.context('mounts', {
    Dockerfile: [
      'FROM busybox',
      'RUN --mount=type=cache,target=/cache echo x >> /cache/runs && echo "runs $(wc -l < /cache/runs)"',
      'RUN --mount=type=secret,id=token echo "secret $(sha256sum < /run/secrets/token | cut -c1-16)"',
      'RUN --mount=type=tmpfs,target=/scratch touch /scratch/f && echo tmpfs-ok',
    ].join('\n'),
  });
  const secret = join(e.t.dir, 'token.txt');
  await writeFile(secret, 's3cr3t-value');
  const first = await buildDir(e.t.socketPath, dir, { tags: ['mounts:1'], secrets: { token: secret } });
  assert.match(first.output, /^runs 1$/m);
  const sum = createHash('sha256').update('s3cr3t-value').digest('hex').slice(0, 16);
  assert.match(first.output, new RegExp(`^secret ${sum}$`, 'm'));
  assert.match(first.output, /^tmpfs-ok$/m);
  const second = await buildDir(e.t.socketPath, dir, { tags: ['mounts:1'], secrets: { token: secret }, noCache: true });
  assert.match(second.output, /^runs 2$/m);
  const files = await saved('mounts:1');
  assert.ok(files.every((f) => !f.includes('s3cr3t-value')), 'the secret is in the saved image');
  for (const layer of files.filter((f) => f.startsWith('layer:'))) {
    assert.ok(!layer.includes('s3cr3t-value'), 'the secret is in a layer');
    assert.ok(!layer.includes('run/secrets/token'), 'the secret mount point is in a layer');
    assert.ok(!layer.includes('scratch/f'), 'the tmpfs content is in a layer');
  }
});

/** Every file of `docker save IMAGE` as latin1 strings (to search); layers decompressed, prefixed `layer:`. */
async function saved(image: string): Promise<string[]> {
  const client = new EngineClient(e.t.socketPath);
  const chunks: Buffer[] = [];
  const { Writable } = await import('node:stream');
  await client.saveImages([image], new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } }));
  client.close();
  const out: string[] = [];
  const ex = tar.extract();
  Readable.from(Buffer.concat(chunks)).pipe(ex);
  for await (const entry of ex) {
    const parts: Buffer[] = [];
    for await (const c of entry) parts.push(c as Buffer);
    const b = Buffer.concat(parts);
    // Layers are the gzip blobs; marked so the test can tell them from configs and manifests.
    out.push(b[0] === 0x1f && b[1] === 0x8b ? `layer:${gunzipSync(b).toString('latin1')}` : b.toString('latin1'));
  }
  return out;
}

test('ADD of an http URL (a loopback server the test starts) with --checksum', async () => {
  const { createServer } = await import('node:http');
  const body = 'fetched over http\n';
  const server = createServer((_req, res) => { res.end(body); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const sum = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const good = await e.context('add-url', { Dockerfile: `FROM busybox\nADD --checksum=${sum} http://127.0.0.1:${port}/data.txt /got/\nRUN cat /got/data.txt\n` });
    const r = await buildDir(e.t.socketPath, good, { tags: ['addurl:1'] });
    assert.match(r.output, /^fetched over http$/m);
    const bad = await e.context('add-url-bad', { Dockerfile: `FROM busybox\nADD --checksum=sha256:${'0'.repeat(64)} http://127.0.0.1:${port}/data.txt /got/\n` });
    assert.match(await buildError(e.t.socketPath, bad), /digest mismatch/);
  } finally {
    server.close();
  }
});
