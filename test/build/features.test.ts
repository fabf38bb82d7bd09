// Builder features on a real engine: the predefined proxy args (seen by RUN, kept out of the
// history and the cache key unless an ARG names them), COPY --parents (with a /./ pivot), and
// dockerode's buildImage (its own tar of the context, build args, the JSON message stream).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Docker from 'dockerode';
import { BuildEngine } from './helpers';
import { buildDir } from './build-client';

let e: BuildEngine;
before(async () => { e = await BuildEngine.start('berth-build-feat-'); });
after(async () => { await e?.close(); });

async function ok(args: string[]): Promise<string> {
  const r = await e.docker(args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('proxy args: RUN sees them without an ARG; history and cache key leave them out unless an ARG names them', async () => {
  const dir = await e.context('proxy', {
    Dockerfile: [
      'FROM busybox',
      'RUN echo "seen http=$HTTP_PROXY no=$no_proxy other=$OTHER"',
      'ARG HTTPS_PROXY',
      'RUN echo "declared https=$HTTPS_PROXY"',
    ].join('\n'),
  });
  const args = { HTTP_PROXY: 'http://127.0.0.1:3128', no_proxy: 'localhost', HTTPS_PROXY: 'http://127.0.0.1:3129' };
  const first = await buildDir(e.t.socketPath, dir, { tags: ['proxy:1'], buildArgs: args });
  assert.match(first.output, /^seen http=http:\/\/127\.0\.0\.1:3128 no=localhost other=$/m);
  assert.match(first.output, /^declared https=http:\/\/127\.0\.0\.1:3129$/m);
  const history = (await ok(['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'proxy:1'])).split('\n');
  assert.equal(history[0], '|1 HTTPS_PROXY=http://127.0.0.1:3129 /bin/sh -c echo "declared https=$HTTPS_PROXY"');
  assert.equal(history[2], '/bin/sh -c echo "seen http=$HTTP_PROXY no=$no_proxy other=$OTHER"');
  // Another undeclared proxy: the first RUN is still a cache hit; a declared one changes its step.
  const moved = await buildDir(e.t.socketPath, dir, { buildArgs: { ...args, HTTP_PROXY: 'http://127.0.0.1:8080' } });
  assert.doesNotMatch(moved.output, /^seen/m);
  assert.equal(moved.id, first.id);
  const declared = await buildDir(e.t.socketPath, dir, { buildArgs: { ...args, HTTPS_PROXY: 'http://127.0.0.1:8081' } });
  assert.doesNotMatch(declared.output, /^seen/m);
  assert.match(declared.output, /^declared https=http:\/\/127\.0\.0\.1:8081$/m);
  assert.deepEqual(JSON.parse(await ok(['image', 'inspect', '--format', '{{json .Config.Env}}', 'proxy:1'])), ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
});

test('COPY --parents keeps each source\'s path under the destination, from a /./ pivot when there is one', async () => {
  const dir = await e.context('parents', {
    Dockerfile: [
      'FROM busybox',
      'COPY --parents x/a.txt y/*/b.txt /dest/',
      'COPY --parents ./x/./deep/c.txt /pivot/',
      'COPY --parents x/deep /tree/',
      'COPY x/a.txt y/*/b.txt /flat/',
      'RUN find /dest /pivot /tree /flat -type f | sort',
    ].join('\n'),
    'x/a.txt': 'a\n', 'y/one/b.txt': 'b1\n', 'y/two/b.txt': 'b2\n', 'x/deep/c.txt': 'c\n',
  });
  const r = await buildDir(e.t.socketPath, dir, { tags: ['parents:1'] });
  const files = r.output.split('\n').filter((l) => /^\/(dest|pivot|tree|flat)\//.test(l));
  assert.deepEqual(files, ['/dest/x/a.txt', '/dest/y/one/b.txt', '/dest/y/two/b.txt', '/flat/a.txt', '/flat/b.txt', '/pivot/deep/c.txt', '/tree/x/deep/c.txt']);
  assert.equal(await ok(['run', '--rm', 'parents:1', 'cat', '/dest/y/two/b.txt']), 'b2\n');
});

test('dockerode buildImage: its context tar, buildargs and labels; the stream ends with the image id', async () => {
  const dir = await e.context('dockerode', { Dockerfile: 'FROM busybox\nARG WHO\nCOPY hi.txt /\nRUN echo "hi $WHO" >> /hi.txt\nCMD ["cat", "/hi.txt"]\n', 'hi.txt': 'from dockerode\n' });
  const docker = new Docker({ socketPath: e.t.socketPath });
  const stream = await docker.buildImage({ context: dir, src: ['Dockerfile', 'hi.txt'] }, { t: 'dockerode:1', buildargs: { WHO: 'node' }, labels: { 'org.example.by': 'dockerode' } });
  const events = await new Promise<Array<{ stream?: string; aux?: { ID: string }; error?: string }>>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, res: Array<{ stream?: string; aux?: { ID: string } }>) => (err ? reject(err) : resolve(res)));
  });
  assert.equal(events.find((m) => m.error), undefined);
  const id = events.find((m) => m.aux)?.aux?.ID;
  assert.match(id ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.ok(events.some((m) => m.stream === 'Successfully tagged dockerode:1\n'));
  const info = await docker.getImage('dockerode:1').inspect();
  assert.equal(info.Id, id);
  assert.equal(info.Config.Labels?.['org.example.by'], 'dockerode');
  assert.equal(await ok(['run', '--rm', 'dockerode:1']), 'from dockerode\nhi node\n');
});

test('RUN on a base without PATH (scratch with a copied rootfs) gets the default PATH, as Docker\'s builders give it', async () => {
  const dir = await e.context('nopath', {
    Dockerfile: ['FROM scratch', 'COPY --from=busybox / /', 'RUN echo "path=$PATH"'].join('\n'),
  });
  const r = await buildDir(e.t.socketPath, dir, { tags: ['nopath:1'] });
  assert.match(r.output, /^path=\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin$/m);
});
