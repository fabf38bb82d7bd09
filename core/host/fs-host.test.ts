import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFsHost } from './fs-host';
import { loadModel } from '../spec/model-loader';

describe('createFsHost', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-fshost-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: ${IMG}\n');
    writeFileSync(join(dir, '.env'), 'IMG=nginx\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads files relative to its cwd, undefined when missing or a directory', () => {
    const host = createFsHost({ HOME: '/h', X: '1', Y: undefined }, dir);
    assert.equal(host.readFile('.env'), 'IMG=nginx\n');
    assert.equal(host.readFile(join(dir, 'nope.yaml')), undefined);
    assert.equal(host.readFile('sub'), undefined);
    assert.equal(host.isDirectory('sub'), true);
    assert.equal(host.isDirectory('.env'), false);
    assert.deepEqual(host.env, { HOME: '/h', X: '1' });
    assert.equal(host.home, '/h');
  });

  it('refuses a relative cwd', () => {
    assert.throws(() => createFsHost({}, 'rel'), /must be absolute/);
  });

  it('loads a project from disk, walking up from a sub directory', () => {
    const m = loadModel({ files: [] }, createFsHost({}, join(dir, 'sub')));
    assert.equal(m.projectDir, dir);
    assert.deepEqual(m.tree, { services: { web: { image: 'nginx' } } });
  });

  it("reads '-' from stdin, once", () => {
    const script = [
      `import { createFsHost } from ${JSON.stringify(fileURLToPath(new URL('./fs-host.ts', import.meta.url)))};`,
      `const h = createFsHost({}, '/');`,
      `process.stdout.write(JSON.stringify([h.readFile('-'), h.readFile('-')]));`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { input: 'services: {}\n', encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ['services: {}\n', 'services: {}\n']);
  });
});
