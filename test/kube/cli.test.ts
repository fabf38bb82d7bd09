// `berth convert` as a user runs it: manifests on stdout or one file per object in -o DIR, the
// report as text or JSON on stderr, --strict refusing, bad flag values refused with a clear error,
// and the built CLI answering --help with every flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convert } from './convert-cli';

const bin = fileURLToPath(new URL('../../bin/berth', import.meta.url));

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["30080:80"]
    ulimits: {nofile: 1024}
  db:
    image: postgres:17
`;

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-convert-'));
  await writeFile(join(dir, 'compose.yaml'), COMPOSE);
  return dir;
}

test('convert -o DIR writes one file per object; the text report names file:line', async () => {
  const dir = await project();
  try {
    const r = await convert(['-o', 'k8s'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.equal(r.err, 'compose.yaml:5: services.web.ulimits: Kubernetes has no per-container rlimits; dropped\n');
    const files = (await readdir(join(dir, 'k8s'))).sort();
    assert.deepEqual(files, ['deployment-db.yaml', 'deployment-web.yaml', 'networkpolicy-network-default.yaml', 'networkpolicy-web-published.yaml', 'service-db.yaml', 'service-web-published.yaml', 'service-web.yaml']);
    assert.match(await readFile(join(dir, 'k8s', 'deployment-web.yaml'), 'utf8'), /^apiVersion: apps\/v1\nkind: Deployment\n/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('convert --report json: the entries as JSON on stderr, the manifests on stdout', async () => {
  const dir = await project();
  try {
    const r = await convert(['--report', 'json', '--publish-as', 'loadbalancer'], dir);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.err), [{ key: 'services.web.ulimits', file: join(dir, 'compose.yaml'), line: 5, kind: 'dropped', reason: 'Kubernetes has no per-container rlimits' }]);
    assert.match(r.out, /type: LoadBalancer/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('convert --strict: exit 1, the report and the error on stderr, nothing written', async () => {
  const dir = await project();
  try {
    const r = await convert(['--strict', '-o', 'out'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /services\.web\.ulimits/);
    assert.match(r.err, /--strict: 1 compose key\(s\) not carried over; nothing written/);
    await assert.rejects(readdir(join(dir, 'out')), { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('convert refuses bad flag values with a clear error', async () => {
  const dir = await project();
  try {
    for (const [args, message] of [
      [['--to', 'nomad'], /unsupported target "nomad"/],
      [['--publish-as', 'hostport'], /--publish-as hostport: use nodeport, loadbalancer or ingress/],
      [['--report', 'xml'], /unsupported report format "xml"/],
      [['--volume-size', 'lots'], /--volume-size lots: expected a Kubernetes quantity/],
      [['--cluster-domain', 'x;rm -rf /'], /--cluster-domain x;rm -rf \/: expected a DNS name/],
      [['nosuch'], /no such service: nosuch/],
    ] as Array<[string[], RegExp]>) {
      const r = await convert(args, dir);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.err, message);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('berth convert --help lists every flag (built CLI)', () => {
  const r = spawnSync(bin, ['convert', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const flag of ['--to', '--out', '--report', '--strict', '--publish-as', '--host-path', '--volume-size', '--storage-class', '--namespace', '--cluster-domain', '--profile']) {
    assert.ok(r.stdout.includes(flag), `${flag} in ${r.stdout}`);
  }
});
