// berth config's flags that golden text cannot show: -o FILE, --hash, bad flags and formats,
// global flags after the command, --env-file, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfigCommand } from '../conformance/corpus-config';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-config-flags-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const COMPOSE = 'services:\n  web:\n    image: nginx:${TAG:-1}\n  db:\n    image: postgres\n';

test('-o writes the output to a file and nothing to stdout', async () => {
  const dir = project({ 'compose.yaml': COMPOSE });
  try {
    const r = await runConfigCommand(['-o', 'out.yaml'], dir, {});
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.match(readFileSync(join(dir, 'out.yaml'), 'utf8'), /^name: berth-config-flags-\w+\nservices:\n {2}db:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--hash prints "<service> <sha256>" lines; the hash follows the config', async () => {
  const dir = project({ 'compose.yaml': COMPOSE });
  try {
    const all = await runConfigCommand(['--hash', '*'], dir, {});
    const lines = all.out.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['db', 'web']);
    for (const l of lines) assert.match(l, /^\w+ [0-9a-f]{64}$/);
    const one = await runConfigCommand(['--hash', 'web'], dir, {});
    assert.equal(one.out, `${lines[1]}\n`);
    const changed = await runConfigCommand(['--hash', 'web'], dir, { TAG: '2' });
    assert.notEqual(changed.out, one.out);
    const missing = await runConfigCommand(['--hash', 'nope'], dir, {});
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no such service: nope/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('global flags anywhere after the command; --env-file feeds interpolation', async () => {
  const dir = project({ 'compose.yaml': COMPOSE, 'other.env': 'TAG=9\n' });
  try {
    const r = await runConfigCommand(['--images', '-p', 'named', '--env-file', 'other.env'], dir, {});
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'postgres\nnginx:9\n');
    const n = await runConfigCommand(['--format', 'json', '--project-name', 'named'], dir, {});
    assert.equal((JSON.parse(n.out) as { name: string }).name, 'named');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad flags and formats exit 1 with a message', async () => {
  const dir = project({ 'compose.yaml': COMPOSE });
  try {
    const bad = await runConfigCommand(['--nope'], dir, {});
    assert.equal(bad.code, 1);
    assert.match(bad.err, /nope/);
    const fmt = await runConfigCommand(['--format', 'toml'], dir, {});
    assert.equal(fmt.code, 1);
    assert.match(fmt.err, /unsupported format "toml"/);
    // Discovery walks up from a sub directory to the project's compose.yaml, as compose does.
    const up = await runConfigCommand(['--services'], join(dir, 'sub', 'dir'), {});
    assert.equal(up.out, 'db\nweb\n');
    writeFileSync(join(dir, 'broken.yaml'), 'services:\n  web:\n    image: [x]\n');
    const broken = await runConfigCommand(['-f', 'broken.yaml', '-q'], dir, {});
    assert.equal(broken.code, 1);
    assert.equal(broken.out, '');
    assert.match(broken.err, /broken\.yaml:3:5: services\.web\.image must be a string/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('warnings (obsolete version, unset variables) go to stderr, the output is unchanged', async () => {
  const dir = project({ 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx:${UNSET_TAG}\n' });
  try {
    const r = await runConfigCommand([], dir, {});
    assert.equal(r.code, 0);
    assert.match(r.err, /^WARN\[0000\] .*compose\.yaml: the attribute `version` is obsolete/m);
    assert.match(r.err, /UNSET_TAG/);
    assert.match(r.out, /image: "nginx:"\n/);
    assert.doesNotMatch(r.out, /version/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--no-interpolate leaves ${VAR} as written but still resolves relative paths; --no-path-resolution keeps them', async () => {
  const dir = project({
    'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    build: ./web\n    env_file: web.env\n    volumes:\n      - ./html:/html:ro\n',
  });
  try {
    const r = await runConfigCommand(['--no-interpolate'], dir, {});
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /image: nginx:\$\{TAG\}/);
    assert.match(r.out, new RegExp(`build: ${dir}/web\\n`));
    assert.match(r.out, new RegExp(`env_file: ${dir}/web\\.env\\n`));
    assert.match(r.out, new RegExp(`- ${dir}/html:/html:ro\\n`));
    const kept = await runConfigCommand(['--no-interpolate', '--no-path-resolution'], dir, {});
    assert.match(kept.out, /build: \.\/web\n/);
    assert.match(kept.out, /- \.\/html:\/html:ro\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
