import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from './parse';
import { SourceMap } from './source-index';
import { SpecError } from '../errors';
import { readCorpusFile } from '../../host/corpus';

function parse(text: string, file = '/p/compose.yaml') {
  const sources = new SourceMap();
  return { docs: parseYaml(text, file, sources), sources };
}

function parseError(text: string): SpecError {
  try {
    parse(text);
  } catch (err) {
    assert.ok(err instanceof SpecError, `expected SpecError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

describe('parseYaml', () => {
  it('keeps positions of every key, through the merged tree', () => {
    const { docs, sources } = parse('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n');
    sources.setRoot(docs[0].tree);
    assert.deepEqual(sources.find(['services', 'web', 'image']), { file: '/p/compose.yaml', line: 3, col: 5 });
    assert.deepEqual(sources.find(['services', 'web', 'ports', 0]), { file: '/p/compose.yaml', line: 5, col: 9 });
    // A path below a scalar falls back to the nearest ancestor that has a position.
    assert.equal(sources.find(['services', 'web', 'image', 'nope'])?.line, 3);
    assert.equal(sources.lineText('/p/compose.yaml', 3), '    image: nginx');
  });

  it('reports a duplicate key with both lines (corpus cg-invalid-duplicate-key-with-reset)', () => {
    const err = parseError(readCorpusFile('cg-invalid-duplicate-key-with-reset', 'compose.yaml'));
    assert.match(err.message, /line 6: mapping key "command" already defined at line 5/);
    assert.equal(err.line, 6);
    assert.match(err.render(), /^\/p\/compose.yaml:6:6: .*\n {2} {5}command: !reset hello world\n {2} {5}\^$/);
  });

  it('refuses tabs used as indentation (corpus cg-invalid-tab-indentation)', () => {
    const err = parseError(readCorpusFile('cg-invalid-tab-indentation', 'compose.yaml'));
    assert.match(err.message, /found a tab character that violates indentation/);
    assert.equal(err.line, 5);
  });

  it('refuses a top level that is not a mapping (corpus cg-invalid-top-level-list)', () => {
    const err = parseError(readCorpusFile('cg-invalid-top-level-list', 'compose.yaml'));
    assert.match(err.message, /top-level object must be a mapping/);
  });

  it('refuses an alias bomb quickly (corpus cg-invalid-alias-bomb)', () => {
    const t0 = performance.now();
    const err = parseError(readCorpusFile('cg-invalid-alias-bomb', 'compose.yaml'));
    assert.match(err.message, /excessive aliasing/);
    assert.ok(performance.now() - t0 < 2000);
  });

  it('accepts ordinary alias reuse', () => {
    const { docs } = parse('x-env: &env {A: "1"}\nservices:\n  a: {environment: *env}\n  b: {environment: *env}\n');
    assert.deepEqual(docs[0].tree.services, { a: { environment: { A: '1' } }, b: { environment: { A: '1' } } });
    const s = docs[0].tree.services as Record<string, { environment: object }>;
    assert.notEqual(s.a.environment, s.b.environment, 'aliases expand to distinct copies');
  });

  it('merges `<<` from an alias to a sequence of mappings (corpus cg-anchors-merge-key-alias-to-sequence)', () => {
    const { docs } = parse(readCorpusFile('cg-anchors-merge-key-alias-to-sequence', 'compose.yaml'));
    assert.deepEqual((docs[0].tree.services as Record<string, unknown>).s1, { image: 'nginx' });
  });

  it('gives explicit keys precedence over `<<`, and earlier merge sources over later ones', () => {
    const { docs } = parse('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 0\n');
    assert.deepEqual(docs[0].tree.c, { x: 0, y: 1, z: 2 });
  });

  it('refuses `<<` onto a scalar', () => {
    assert.match(parseError('a: &a 1\nb:\n  <<: *a\n').message, /map merge requires/);
  });

  it('refuses non-string keys, naming the parent', () => {
    assert.match(parseError('services:\n  123:\n    image: x\n').message, /non-string key in services: 123/);
  });

  it('records !reset (node dropped) and !override (node kept) by path, also through aliases', () => {
    const { docs } = parse('x: &base\n  ports: !reset []\nservices:\n  web:\n    <<: *base\n    image: !override nginx\n');
    const d = docs[0];
    assert.deepEqual(d.tree.services, { web: { image: 'nginx' } });
    assert.deepEqual(d.resets, [['x', 'ports'], ['services', 'web', 'ports']]);
    assert.deepEqual(d.overrides, [['services', 'web', 'image']]);
  });

  it('splits multi-document files and skips empty documents', () => {
    const { docs } = parse(readCorpusFile('cg-multi-document', 'compose.yaml') + '---\n# only a comment\n');
    assert.equal(docs.length, 2);
    assert.deepEqual(docs[1].tree, { services: { test: { image: 'nginx:override' } } });
  });

  it('reads scalars as compose-go does: legacy octal, yes/no stay strings, ~ is null', () => {
    const { docs } = parse('m: 0440\nn: 0o17\ny: yes\nz: ~\nf: 1.5\ns: "0440"\n');
    assert.deepEqual(docs[0].tree, { m: 288, n: 15, y: 'yes', z: null, f: 1.5, s: '0440' });
  });

  it('reports other syntax errors with their line', () => {
    const err = parseError('a: "unterminated\n');
    assert.match(err.message, /^yaml: line \d+: /);
    assert.ok(err.line);
  });

  it('refuses absurd nesting with a SpecError, not a crash', () => {
    assert.match(parseError('a: ' + '['.repeat(1500) + ']'.repeat(1500)).message, /max depth|call stack/);
    assert.match(parseError('a: ' + '['.repeat(20000)).message, /^yaml: /);
  });

  it('keeps a "__proto__" key as data', () => {
    const { docs } = parse('labels:\n  __proto__: x\n');
    assert.deepEqual(Object.keys(docs[0].tree.labels as object), ['__proto__']);
  });

  it('resolves an alias to the last definition of its anchor that precedes it', () => {
    const { docs } = parse('a: &x 1\nb: *x\nc: &x 2\nd: *x\n');
    assert.deepEqual(docs[0].tree, { a: 1, b: 1, c: 2, d: 2 });
    assert.throws(() => parse('a: *y\nb: &y 1\n'), /unknown anchor 'y'/);
  });
});
