import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateTree } from './interpolate';
import { parseYaml } from '../yaml/parse';
import { SourceMap } from '../yaml/source-index';
import { SpecError } from '../errors';

function load(text: string, env: Record<string, string>, warnings: string[] = []) {
  const sources = new SourceMap();
  const [doc] = parseYaml(text, '/p/compose.yaml', sources);
  interpolateTree(doc.tree, { lookup: (n) => env[n], sources, warn: (w) => warnings.push(w) });
  return doc.tree;
}

describe('interpolateTree', () => {
  it('substitutes values, never keys', () => {
    const tree = load('services:\n  web:\n    image: ${IMG}:$TAG\n    labels:\n      $KEY: ${VAL}\n', { IMG: 'nginx', TAG: '1', KEY: 'k', VAL: 'v' });
    assert.deepEqual(tree, { services: { web: { image: 'nginx:1', labels: { $KEY: 'v' } } } });
  });

  it('casts typed fields after substitution, and leaves the others strings', () => {
    const tree = load(
      'services:\n  web:\n    scale: ${N}\n    privileged: ${P}\n    cpus: "${C}"\n    ports:\n      - target: "${T}"\n        published: "${T}"\n    user: "${N}"\n',
      { N: '3', P: 'true', C: '0.5', T: '80' },
    );
    assert.deepEqual(tree, { services: { web: { scale: 3, privileged: true, cpus: 0.5, ports: [{ target: 80, published: '80' }], user: '3' } } });
  });

  it('accepts yes/no booleans with a warning', () => {
    const warnings: string[] = [];
    const tree = load('services:\n  web:\n    tty: ${T}\n', { T: 'yes' }, warnings);
    assert.equal((tree.services as { web: { tty: boolean } }).web.tty, true);
    assert.match(warnings[0], /not supported by YAML 1.2/);
  });

  it('warns for unset variables', () => {
    const warnings: string[] = [];
    load('services:\n  web:\n    image: $NOPE\n', {}, warnings);
    assert.deepEqual(warnings, ['The "NOPE" variable is not set. Defaulting to a blank string.']);
  });

  it('names the path and the position of a missing required variable', () => {
    assert.throws(
      () => load('services:\n  web:\n    environment:\n      - TESTVAR=${FOO:?foo_}\n', {}),
      (err: unknown) => {
        assert.ok(err instanceof SpecError);
        assert.match(err.message, /^error while interpolating services.web.environment\[0\]: required variable FOO is missing a value: foo_$/);
        assert.deepEqual([err.line, err.col], [4, 9]);
        return true;
      },
    );
  });

  it('reports bad syntax as compose does', () => {
    assert.throws(() => load('services:\n  a:\n    image: "${"\n', {}), /invalid interpolation format for services.a.image.\nYou may need to escape any \$ with another \$.\n\$\{/);
  });

  it('reports a failed cast', () => {
    assert.throws(() => load('services:\n  a:\n    scale: "${N}"\n', { N: 'many' }), /services.a.scale: failed to cast to expected type/);
  });
});
