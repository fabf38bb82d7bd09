// The front half against the shared corpus (read in place): load-stage cases whose
// expectations concern the raw merged tree, and the invalid cases the front half must refuse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from './model-loader';
import type { LoadedModel } from './model-input';
import { SpecError } from './errors';
import { caseHost, caseOptions, readCase } from '../host/corpus';
import { createFsHost } from '../host/fs-host';

type Obj = Record<string, unknown>;

function load(id: string): { m: LoadedModel; dir: string } {
  const c = readCase(id);
  const m = loadModel(caseOptions(c), caseHost(c));
  return { m, dir: c.dir };
}

function svc(m: LoadedModel, name: string): Obj {
  return (m.tree.services as Obj)[name] as Obj;
}

describe('loadModel: corpus load cases (raw tree)', () => {
  it('cg-multi-document: documents merge like files', () => {
    assert.equal(svc(load('cg-multi-document').m, 'test').image, 'nginx:override');
  });

  it('cg-project-name-last-file-wins: the last name: wins and is visible to every file', () => {
    const { m } = load('cg-project-name-last-file-wins');
    assert.equal(m.projectName, 'overrided');
    assert.deepEqual(['web', 'db', 'proxy'].map((s) => svc(m, s).container_name), ['overrided-web', 'overrided-db', 'overrided-proxy']);
    assert.equal(m.env.COMPOSE_PROJECT_NAME, 'overrided');
  });

  it('cg-interpolation-labels-drivers: values interpolated, comments ignored', () => {
    const { m } = load('cg-interpolation-labels-drivers');
    assert.deepEqual(svc(m, 'test').labels, ['home1=/home/foo', 'home2=/home/foo', 'nonexistent=', 'default=default']);
    assert.equal(((m.tree.networks as Obj).test as Obj).driver, '/home/foo');
    assert.equal(((m.tree.volumes as Obj).test as Obj).driver, '/home/foo');
    assert.ok(m.warnings?.some((w) => w.includes('"NONEXISTENT" variable is not set')));
  });

  it('cg-extends-chain: other-file bases, chained same-file extends', () => {
    const { m } = load('cg-extends-chain');
    assert.deepEqual(['test1', 'test2', 'test3'].map((s) => svc(m, s).hostname), ['test1', 'test2', 'test3']);
    assert.equal(svc(m, 'test3').image, 'base');
    assert.equal(svc(m, 'test1').extends, undefined);
  });

  it('cg-extends-port-no-duplicate: extended ports are not duplicated by the merge', () => {
    assert.equal((svc(load('cg-extends-port-no-duplicate').m, 'test').ports as unknown[]).length, 1);
  });

  it('cg-extends-reset-command: !reset in the extending service removes the inherited value', () => {
    assert.equal(svc(load('cg-extends-reset-command').m, 'test').command, undefined);
  });

  it('cg-override-tag-through-extends: !override at each level of a 3-file chain', () => {
    const t = svc(load('cg-override-tag-through-extends').m, 'test');
    assert.deepEqual(t.volumes, ['/bar:/bar', '/zot:/zot']);
    assert.deepEqual(t.networks, ['zot']);
  });

  it('cg-include-env-local-wins: the including environment wins over the include env_file', () => {
    assert.equal(svc(load('cg-include-env-local-wins').m, 'imported').container_name, 'override');
  });

  it('cg-include-same-file-twice: including one file twice is no conflict', () => {
    const { m } = load('cg-include-same-file-twice');
    assert.equal(svc(m, 'imported').container_name, 'override');
    assert.deepEqual(Object.keys(m.tree.services as Obj).sort(), ['bar', 'foo', 'imported']);
  });

  it('cg-include-conflict-local-override: the local definition merges on top, !override replaces', () => {
    assert.deepEqual(svc(load('cg-include-conflict-local-override').m, 'bar'), { image: 'busybox', environment: ['ZOT=QIX'] });
  });

  it('cg-include-project-directory: included paths resolve against project_directory', () => {
    const { m, dir } = load('cg-include-project-directory');
    const s = svc(m, 'service');
    assert.equal((s.build as Obj).context, `${dir}/subdir`);
    assert.equal(((s.volumes as Obj[])[0] as Obj).source, `${dir}/subdir/compose-test-extends-imported.yaml`);
    assert.deepEqual(s.env_file, [`${dir}/subdir/extra.env`]);
  });

  it('cg-include-project-dir-dot-extends: extends inside an include resolves against its project dir', () => {
    assert.equal(svc(load('cg-include-project-dir-dot-extends').m, 'included').image, 'alpine');
  });

  it('cg-reset-network / cg-override-network', () => {
    assert.equal((load('cg-reset-network').m.tree.networks as Obj).test, undefined);
    assert.deepEqual((load('cg-override-network').m.tree.networks as Obj).test, {});
  });

  it('cg-anchors-merge-key-alias-to-sequence', () => {
    assert.equal(svc(load('cg-anchors-merge-key-alias-to-sequence').m, 's1').image, 'nginx');
  });

  it('cg-profiles: active profiles are passed on', () => {
    assert.deepEqual(load('cg-profiles').m.profiles, ['debug']);
  });

  it('positions survive the whole pipeline', () => {
    const { m, dir } = load('cg-extends-chain');
    assert.deepEqual(m.sources.find(['services', 'test3', 'hostname']), { file: `${dir}/compose.yaml`, line: 20, col: 5 });
    // test3's image comes from base.yaml, through two extends.
    assert.deepEqual(m.sources.find(['services', 'test3', 'image']), { file: `${dir}/testdata/extends/base.yaml`, line: 3, col: 5 });
  });
});

describe('loadModel: corpus invalid cases the front half refuses', () => {
  const cases: Array<[string, RegExp]> = [
    ['cg-invalid-alias-bomb', /excessive aliasing/],
    ['cg-invalid-duplicate-key-with-reset', /line 6: mapping key "command" already defined at line 5/],
    ['cg-invalid-tab-indentation', /found a tab character that violates indentation/],
    ['cg-invalid-top-level-list', /top-level object must be a mapping/],
    ['cg-invalid-project-name-not-string', /name must be a string/],
  ];
  for (const [id, re] of cases) {
    it(id, () => {
      assert.equal(readCase(id).expect, 'invalid');
      assert.throws(() => load(id), (err: unknown) => {
        assert.ok(err instanceof SpecError, String(err));
        assert.match(err.message, re);
        assert.ok(err.file?.endsWith('compose.yaml'), `file: ${err.file}`);
        return true;
      });
    });
  }
});

describe('loadModel: project environment of the runtime corpus cases', () => {
  it('dc-env-priority: shell > --env-file / COMPOSE_ENV_FILES > .env (what `run -e WHEREAMI` reads)', () => {
    const c = readCase('dc-env-priority');
    const whereami = (env: Record<string, string>, envFiles?: string[]) =>
      loadModel({ files: [], envFiles }, createFsHost(env, c.dir)).env.WHEREAMI;
    assert.equal(whereami({ WHEREAMI: 'shell' }, ['.env.override']), 'shell');
    assert.equal(whereami({ WHEREAMI: 'shell' }, ['.env.override.with.default']), 'shell');
    assert.equal(whereami({}, ['.env.override.with.default']), 'EnvFileDefaultValue');
    assert.equal(whereami({ COMPOSE_ENV_FILES: '.env.override.with.default' }), 'EnvFileDefaultValue');
    assert.equal(whereami({}, ['.env.override']), 'override');
    assert.equal(whereami({}), 'Env File');
    assert.equal(whereami({}, ['.env.empty']), undefined);
  });

  it('dc-dotenv-nested-dirs: from a sub dir, both .env files apply and the working dir one wins', () => {
    const c = readCase('dc-dotenv-nested-dirs');
    const command = (cwd: string) => (loadModel({ files: [] }, createFsHost({}, cwd)).tree.services as Obj).echo as Obj;
    assert.equal(command(c.dir).command, 'echo root  win=root');
    assert.equal(command(`${c.dir}/sub`).command, 'echo root sub win=sub');
  });
});
