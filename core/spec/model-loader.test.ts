import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, loadProjectName } from './model-loader';
import { SpecError } from './errors';
import { createMemoryHost } from '../host/memory-host';
import type { ModelOptions } from './model-input';

type Obj = Record<string, unknown>;
const opts = (o: Partial<ModelOptions> = {}): ModelOptions => ({ files: [], ...o });

function fails(fn: () => unknown, re: RegExp): SpecError {
  let caught: unknown;
  assert.throws(fn, (err: unknown) => {
    caught = err;
    assert.ok(err instanceof SpecError, String(err));
    assert.match(err.message, re);
    return true;
  });
  return caught as SpecError;
}

describe('loadModel: discovery', () => {
  it('walks up to the first directory with a compose file and picks its override', () => {
    const host = createMemoryHost({
      cwd: '/p/app/sub',
      files: {
        '/p/app/compose.yaml': 'services:\n  web:\n    image: a\n',
        '/p/app/compose.override.yaml': 'services:\n  web:\n    image: b\n',
        '/p/compose.yaml': 'services:\n  other:\n    image: x\n',
      },
    });
    const m = loadModel(opts(), host);
    assert.deepEqual(m.configFiles, ['/p/app/compose.yaml', '/p/app/compose.override.yaml']);
    assert.equal(m.projectDir, '/p/app');
    assert.equal(m.projectName, 'app');
    assert.deepEqual(m.tree, { services: { web: { image: 'b' } } });
  });

  it('prefers compose.yaml over docker-compose.yml, with a warning', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'services: {a: {image: x}}\n', '/p/docker-compose.yml': 'services: {b: {image: y}}\n' } });
    const m = loadModel(opts(), host);
    assert.deepEqual(m.configFiles, ['/p/compose.yaml']);
    assert.match(m.warnings?.[0] ?? '', /Found multiple config files/);
  });

  it('reads COMPOSE_FILE with COMPOSE_PATH_SEPARATOR, relative to the working dir', () => {
    const host = createMemoryHost({
      cwd: '/p',
      env: { COMPOSE_FILE: 'a.yaml;sub/b.yaml', COMPOSE_PATH_SEPARATOR: ';' },
      files: { '/p/a.yaml': 'services: {a: {image: x}}\n', '/p/sub/b.yaml': 'services: {b: {image: y}}\n' },
    });
    assert.deepEqual(loadModel(opts(), host).configFiles, ['/p/a.yaml', '/p/sub/b.yaml']);
  });

  it('fails without any compose file', () => {
    fails(() => loadModel(opts(), createMemoryHost({ cwd: '/p', files: {} })), /no configuration file provided/);
  });

  it('reads `-` from stdin, the project dir being the working dir', () => {
    const host = createMemoryHost({ cwd: '/w/proj', files: { '-': 'services: {a: {image: x}}\n' } });
    const m = loadModel(opts({ files: ['-'] }), host);
    assert.equal(m.projectDir, '/w/proj');
    assert.equal(m.projectName, 'proj');
  });

  it('reports a missing -f file', () => {
    fails(() => loadModel(opts({ files: ['nope.yaml'] }), createMemoryHost({ cwd: '/p', files: {} })), /open \/p\/nope.yaml: no such file/);
  });
});

describe('loadModel: project name', () => {
  const files = { '/p/My_Dir/compose.yaml': 'services: {a: {image: x}}\n' };
  it('normalises the directory basename', () => {
    assert.equal(loadModel(opts(), createMemoryHost({ cwd: '/p/My_Dir', files })).projectName, 'my_dir');
  });
  it('-p wins, and must already be valid', () => {
    assert.equal(loadModel(opts({ projectName: 'x1' }), createMemoryHost({ cwd: '/p/My_Dir', files, env: { COMPOSE_PROJECT_NAME: 'y' } })).projectName, 'x1');
    fails(() => loadModel(opts({ projectName: 'Bad Name' }), createMemoryHost({ cwd: '/p/My_Dir', files })), /invalid project name "Bad Name"/);
  });
  it('COMPOSE_PROJECT_NAME (also from .env) beats name: in the file', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'name: fromfile\nservices: {a: {image: x}}\n', '/p/.env': 'COMPOSE_PROJECT_NAME=fromenv\n' } });
    assert.equal(loadModel(opts(), host).projectName, 'fromenv');
  });
  it('name: is interpolated then normalised', () => {
    const host = createMemoryHost({ cwd: '/p', env: { N: 'My.App' }, files: { '/p/compose.yaml': 'name: ${N}\nservices: {a: {image: x, container_name: $COMPOSE_PROJECT_NAME}}\n' } });
    const m = loadModel(opts(), host);
    assert.equal(m.projectName, 'myapp');
    assert.equal(((m.tree.services as Obj).a as Obj).container_name, 'myapp');
  });
});

describe('loadProjectName: the name loadModel would choose, without loading the project', () => {
  const cases: Array<[string, Partial<ModelOptions>, Parameters<typeof createMemoryHost>[0]]> = [
    ['the directory', {}, { cwd: '/p/My_Dir', files: { '/p/My_Dir/compose.yaml': 'services: {a: {image: x}}\n' } }],
    ['-p', { projectName: 'x1' }, { cwd: '/p', env: { COMPOSE_PROJECT_NAME: 'y' }, files: { '/p/compose.yaml': 'name: f\nservices: {a: {image: x}}\n' } }],
    ['COMPOSE_PROJECT_NAME of .env', {}, { cwd: '/p', files: { '/p/compose.yaml': 'name: f\nservices: {a: {image: x}}\n', '/p/.env': 'COMPOSE_PROJECT_NAME=fromenv\n' } }],
    ['name: interpolated, of the last file', { files: ['a.yaml', 'b.yaml'] }, { cwd: '/p', env: { N: 'My.App' }, files: { '/p/a.yaml': 'name: first\nservices: {a: {image: x}}\n', '/p/b.yaml': 'name: ${N}\n' } }],
  ];
  for (const [what, o, h] of cases) {
    it(what, () => { assert.equal(loadProjectName(opts(o), createMemoryHost(h)), loadModel(opts(o), createMemoryHost(h)).projectName); });
  }
  it('reads no include and validates nothing: a file the loader refuses still has a name', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'name: named\ninclude: [missing.yaml]\nservices: {a: {imagee: x}}\n' } });
    assert.equal(loadProjectName(opts(), host), 'named');
    assert.throws(() => loadModel(opts(), host));
  });
  it('fails as the loader does without a compose file', () => {
    fails(() => loadProjectName(opts(), createMemoryHost({ cwd: '/p', files: {} })), /no configuration file provided/);
  });
});

describe('loadModel: environment', () => {
  const compose = 'services:\n  a:\n    image: x\n    environment: [S=$S, F=$F, C=$C, P=$P]\n';
  const tree = (m: ReturnType<typeof loadModel>) => ((m.tree.services as Obj).a as Obj).environment;

  it('shell > .env of the working dir > .env of the project dir found above it (dc-dotenv-nested-dirs)', () => {
    const host = createMemoryHost({
      cwd: '/p/sub',
      env: { S: 'shell' },
      files: { '/p/compose.yaml': compose, '/p/sub/.env': 'S=cwd\nF=cwd\nC=cwd\n', '/p/.env': 'S=proj\nF=proj\nC=proj\nP=proj\n' },
    });
    assert.deepEqual(tree(loadModel(opts(), host)), ['S=shell', 'F=cwd', 'C=cwd', 'P=proj']);
  });

  it('reads COMPOSE_FILE from the working dir .env; with -f, the .env next to the first file', () => {
    const files = {
      '/w/.env': 'COMPOSE_FILE=/p/compose.yaml\nF=cwd\n',
      '/p/compose.yaml': compose,
      '/p/.env': 'F=proj\nC=proj\n',
      '/q/compose.yaml': compose,
      '/q/.env': 'F=q\n',
    };
    assert.deepEqual(tree(loadModel(opts(), createMemoryHost({ cwd: '/w', files }))), ['S=', 'F=cwd', 'C=proj', 'P=']);
    assert.deepEqual(tree(loadModel(opts({ files: ['/q/compose.yaml'] }), createMemoryHost({ cwd: '/w', files }))), ['S=', 'F=q', 'C=', 'P=']);
  });

  it('--env-file replaces .env, and the shell still wins', () => {
    const host = createMemoryHost({ cwd: '/p', env: { S: 'shell' }, files: { '/p/compose.yaml': compose, '/p/.env': 'F=dotenv\n', '/p/custom.env': 'S=custom\nF=custom\n' } });
    assert.deepEqual(tree(loadModel(opts({ envFiles: ['custom.env'] }), host)), ['S=shell', 'F=custom', 'C=', 'P=']);
  });

  it('honours COMPOSE_DISABLE_ENV_FILE and COMPOSE_ENV_FILES', () => {
    const files = { '/p/compose.yaml': compose, '/p/.env': 'F=dotenv\n', '/p/x.env': 'C=x\n' };
    assert.deepEqual(tree(loadModel(opts(), createMemoryHost({ cwd: '/p', env: { COMPOSE_DISABLE_ENV_FILE: 'true' }, files }))), ['S=', 'F=', 'C=', 'P=']);
    assert.deepEqual(tree(loadModel(opts(), createMemoryHost({ cwd: '/p', env: { COMPOSE_ENV_FILES: 'x.env' }, files }))), ['S=', 'F=', 'C=x', 'P=']);
  });

  it('returns the interpolation environment, with COMPOSE_PROJECT_NAME', () => {
    const m = loadModel(opts(), createMemoryHost({ cwd: '/p', env: { S: '1' }, files: { '/p/compose.yaml': compose, '/p/.env': 'F=2\n' } }));
    assert.deepEqual(m.env, { S: '1', F: '2', COMPOSE_PROJECT_NAME: 'p' });
  });

  it('takes profiles from --profile, else COMPOSE_PROFILES (also from .env)', () => {
    const files = { '/p/compose.yaml': compose, '/p/.env': 'COMPOSE_PROFILES=a,b\n' };
    assert.deepEqual(loadModel(opts(), createMemoryHost({ cwd: '/p', files })).profiles, ['a', 'b']);
    assert.deepEqual(loadModel(opts({ profiles: ['c'] }), createMemoryHost({ cwd: '/p', files })).profiles, ['c']);
  });

  it('skips interpolation on request', () => {
    const m = loadModel(opts({ skipInterpolation: true }), createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': compose } }));
    assert.deepEqual(tree(m), ['S=$S', 'F=$F', 'C=$C', 'P=$P']);
  });
});

describe('loadModel: extends', () => {
  it('resolves a base in another directory against that directory', () => {
    const host = createMemoryHost({
      cwd: '/p',
      home: '/home/u',
      files: {
        '/p/compose.yaml': 'services:\n  web:\n    extends: {file: lib/base.yaml, service: base}\n    image: mine\n',
        '/p/lib/base.yaml':
          'services:\n  base:\n    build: ./ctx\n    env_file: [common.env, {path: opt.env, required: false}]\n    volumes: ["./data:/data", "named:/n", "~/cache:/c"]\n    image: theirs\n',
      },
    });
    const web = (loadModel(opts(), host).tree.services as Obj).web;
    assert.deepEqual(web, {
      build: '/p/lib/ctx',
      env_file: ['/p/lib/common.env', { path: '/p/lib/opt.env', required: false }],
      volumes: ['/p/lib/data:/data', 'named:/n', '/home/u/cache:/c'],
      image: 'mine',
    });
  });

  it('with --no-path-resolution, rewrites the base paths relative to the project dir', () => {
    const host = createMemoryHost({
      cwd: '/p',
      files: {
        '/p/compose.yaml': 'services:\n  web:\n    extends: {file: lib/base.yaml, service: base}\n',
        '/p/lib/base.yaml': 'services:\n  base:\n    build: ./ctx\n    volumes: ["./data:/data", "/abs:/abs"]\n',
      },
    });
    const web = (loadModel(opts({ skipPathResolution: true }), host).tree.services as Obj).web;
    assert.deepEqual(web, { build: 'lib/ctx', volumes: ['./lib/data:/data', '/abs:/abs'] });
  });

  it('reads a base file once for all the services extending it; each gets its own copy', () => {
    const files = {
      '/p/compose.yaml':
        'services:\n  a:\n    extends: {file: base.yaml, service: mid}\n    environment: {A: "1"}\n' +
        '  b:\n    extends: {file: base.yaml, service: mid}\n    environment: [B=2]\n    volumes: ["./b:/data"]\n' +
        '  c:\n    extends: {file: base.yaml, service: root}\n',
      '/p/base.yaml':
        'services:\n  root:\n    image: r\n    environment: {R: "0"}\n    volumes: ["./root:/data"]\n' +
        '  mid:\n    extends: root\n    labels: [m=1]\n',
    };
    const memory = createMemoryHost({ cwd: '/p', files });
    const reads: string[] = [];
    const host = { ...memory, readFile: (p: string) => (reads.push(p), memory.readFile(p)) };
    const services = loadModel(opts(), host).tree.services as Record<string, Obj>;
    assert.equal(reads.filter((p) => p === '/p/base.yaml').length, 1);
    assert.deepEqual(services.a, { image: 'r', environment: ['R=0', 'A=1'], volumes: ['/p/root:/data'], labels: ['m=1'] });
    assert.deepEqual(services.b, { image: 'r', environment: ['R=0', 'B=2'], volumes: ['./b:/data'], labels: ['m=1'] });
    assert.deepEqual(services.c, { image: 'r', environment: { R: '0' }, volumes: ['/p/root:/data'] });
    assert.notEqual(services.a!.labels, services.b!.labels);
  });

  it('prints the chain of an extends cycle', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'services:\n  a: {extends: b, image: x}\n  b: {extends: c}\n  c: {extends: a}\n' } });
    const err = fails(() => loadModel(opts(), host), /Circular reference:/);
    assert.match(err.message, /a in \/p\/compose.yaml\n {2}extends b in \/p\/compose.yaml\n {2}extends c in \/p\/compose.yaml\n {2}extends a in \/p\/compose.yaml/);
  });

  it('does not mistake inherited object properties for services', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'services:\n  a:\n    extends: toString\n' } });
    fails(() => loadModel(opts(), host), /service "toString" not found/);
  });

  it('names a missing base service', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'services:\n  a:\n    extends: nope\n' } });
    const err = fails(() => loadModel(opts(), host), /cannot extend service "a" in \/p\/compose.yaml: service "nope" not found/);
    assert.equal(err.line, 3);
  });
});

describe('loadModel: include', () => {
  it('detects include cycles', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'include: [a/x.yaml]\nservices: {s: {image: i}}\n', '/p/a/x.yaml': 'include: [../compose.yaml]\n' } });
    fails(() => loadModel(opts(), host), /include cycle detected:\n\/p\/compose.yaml\n include \/p\/a\/x.yaml\n include \/p\/compose.yaml/);
  });

  it('interpolates an included file with its own .env under the including environment', () => {
    const host = createMemoryHost({
      cwd: '/p',
      env: { A: 'shell' },
      files: {
        '/p/compose.yaml': 'include:\n  - path: lib/compose.yaml\nservices: {s: {image: i}}\n',
        '/p/lib/compose.yaml': 'services:\n  lib:\n    image: ${A}-${B}\n    build: {dockerfile: D}\n',
        '/p/lib/.env': 'A=lib\nB=lib\n',
      },
    });
    const lib = (loadModel(opts(), host).tree.services as Obj).lib as Obj;
    assert.equal(lib.image, 'shell-lib');
    assert.deepEqual(lib.build, { dockerfile: 'D', context: '/p/lib' });
  });

  it('refuses remote includes and extends with NOT_IMPLEMENTED', () => {
    const inc = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'include: [oci://registry/app:1]\n' } });
    assert.equal(fails(() => loadModel(opts(), inc), /remote include oci:\/\/registry\/app:1 is not supported/).code, 'NOT_IMPLEMENTED');
    const ext = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'services:\n  a:\n    extends: {file: "git@github.com:x/y.git", service: b}\n' } });
    const err = fails(() => loadModel(opts(), ext), /remote extends file/);
    assert.deepEqual([err.code, err.line], ['NOT_IMPLEMENTED', 3]);
  });

  it('fails on a missing include env_file', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'include:\n  - {path: l.yaml, env_file: missing.env}\n', '/p/l.yaml': 'services: {a: {image: x}}\n' } });
    fails(() => loadModel(opts(), host), /missing.env/);
  });
});

describe('loadModel: warnings', () => {
  it('warns once about each unset variable', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'services:\n  a: {image: "$X", command: "$X $Y"}\n' } });
    assert.deepEqual(loadModel(opts(), host).warnings, [
      'The "X" variable is not set. Defaulting to a blank string.',
      'The "Y" variable is not set. Defaulting to a blank string.',
    ]);
  });

  it('warns once per file about the obsolete version attribute, and keeps it for the back half', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'version: "3.8"\nservices: {a: {image: x}}\n---\nversion: "3"\n' } });
    const m = loadModel(opts(), host);
    assert.deepEqual(m.warnings, ['/p/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion']);
    assert.equal(m.tree.version, '3');
  });
});

describe('loadModel: errors', () => {
  it('fails on an empty model', () => {
    fails(() => loadModel(opts(), createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': '# nothing\n' } })), /empty compose file/);
  });

  it('renders interpolation errors with the file, line and a caret', () => {
    const host = createMemoryHost({ cwd: '/p', files: { '/p/compose.yaml': 'services:\n  a:\n    image: ${TAG:?set TAG}\n' } });
    const err = fails(() => loadModel(opts(), host), /required variable TAG is missing a value: set TAG/);
    assert.equal(err.render(), '/p/compose.yaml:3:5: error while interpolating services.a.image: required variable TAG is missing a value: set TAG\n      image: ${TAG:?set TAG}\n      ^');
  });
});
