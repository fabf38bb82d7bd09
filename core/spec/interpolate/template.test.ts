import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { substitute, TemplateError } from './template';
import { readCorpusFile } from '../../host/corpus';

interface TableCase {
  template: string;
  env: string;
  expected?: string;
  error_contains?: string;
  test: string;
}

const table = JSON.parse(readCorpusFile('cg-interpolation-table', 'expected.json')) as {
  environments: Record<string, Record<string, string>>;
  cases: TableCase[];
};

const sub = (t: string, env: Record<string, string>) => substitute(t, { lookup: (n) => env[n] });

describe('substitute: corpus cg-interpolation-table', () => {
  for (const c of table.cases) {
    it(`${c.template}  [${c.test}]`, () => {
      const env = table.environments[c.env];
      if (c.error_contains !== undefined) {
        assert.throws(() => sub(c.template, env), (err: unknown) => {
          assert.ok(err instanceof TemplateError);
          assert.ok(err.message.includes(c.error_contains as string), err.message);
          return true;
        });
      } else {
        assert.equal(sub(c.template, env), c.expected);
      }
    });
  }
  it('covers the whole table', () => assert.ok(table.cases.length >= 89));
});

describe('substitute: warnings and laziness', () => {
  it('reports unset variables read without a default, once per read', () => {
    const unset: string[] = [];
    substitute('$A ${B} ${C:-x} ${D-y} ${E:+z}', { lookup: () => undefined, onUnset: (n) => unset.push(n) });
    assert.deepEqual(unset, ['A', 'B']);
  });
  it('does not evaluate an unused word', () => {
    assert.equal(sub('${A:-${B:?never}}', { A: 'a' }), 'a');
  });
});

describe('substitute: properties', () => {
  const noDollar = fc.string().filter((s) => !s.includes('$'));
  const name = fc.stringMatching(/^[_a-zA-Z][_a-zA-Z0-9]{0,8}$/);
  const env = fc.dictionary(name, fc.string());

  it('leaves text without `$` unchanged', () => {
    fc.assert(fc.property(noDollar, env, (s, e) => sub(s, e) === s));
  });

  it('round-trips `$$` escapes: escaping every `$` yields the original text', () => {
    fc.assert(fc.property(fc.string(), env, (s, e) => sub(s.replaceAll('$', () => '$$'), e) === s));
  });

  it('${X:-d} is d exactly when X is unset or empty', () => {
    fc.assert(
      fc.property(name, fc.option(fc.string(), { nil: undefined }), noDollar.filter((d) => !/[{}]/.test(d)), (n, v, d) => {
        const e: Record<string, string> = v === undefined ? {} : { [n]: v };
        const out = sub(`\${${n}:-${d}}`, e);
        return v === undefined || v === '' ? out === d : out === v;
      }),
    );
  });

  it('${X-d} is d exactly when X is unset', () => {
    fc.assert(
      fc.property(name, fc.option(fc.string(), { nil: undefined }), noDollar.filter((d) => !/[{}]/.test(d)), (n, v, d) => {
        const out = sub(`\${${n}-${d}}`, v === undefined ? {} : { [n]: v });
        return v === undefined ? out === d : out === v;
      }),
    );
  });
});
