import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDotenv, parseDotenvRaw } from './parse';
import { SpecError } from '../errors';
import { readCorpusFile } from '../../host/corpus';

const CASE = 'cg-dotenv-syntax';
const table = JSON.parse(readCorpusFile(CASE, 'expected.json')) as {
  files: Array<{ file: string; os_env: Record<string, string>; exact?: boolean; expected: Record<string, string>; test: string }>;
  errors: Array<{ file?: string; input?: string; error_contains?: string; test: string }>;
  lines: Array<{ input: string; key: string; value: string }>;
  expanding: Array<{ name: string; input: string; expected: Record<string, string> }>;
};

describe('parseDotenv: corpus cg-dotenv-syntax files', () => {
  for (const c of table.files) {
    it(`${c.file} [${c.test}]`, () => {
      const got = parseDotenv(readCorpusFile(CASE, c.file), { lookup: (n) => c.os_env[n], file: c.file });
      if (c.exact) assert.deepEqual({ ...got }, c.expected);
      else for (const [k, v] of Object.entries(c.expected)) assert.equal(got[k], v, k);
    });
  }
});

describe('parseDotenv: corpus cg-dotenv-syntax lines', () => {
  for (const c of table.lines) {
    it(JSON.stringify(c.input), () => assert.equal(parseDotenv(c.input)[c.key], c.value));
  }
});

describe('parseDotenv: corpus cg-dotenv-syntax expanding', () => {
  for (const c of table.expanding) {
    it(c.name, () => assert.deepEqual({ ...parseDotenv(c.input) }, c.expected));
  }
});

describe('parseDotenv: corpus cg-dotenv-syntax errors', () => {
  for (const c of table.errors) {
    it(`${c.file ?? JSON.stringify(c.input)} [${c.test}]`, () => {
      const text = c.file ? readCorpusFile(CASE, c.file) : (c.input as string);
      assert.throws(() => parseDotenv(text), (err: unknown) => {
        assert.ok(err instanceof SpecError);
        if (c.error_contains) assert.ok(err.message.includes(c.error_contains), err.message);
        return true;
      });
    });
  }
});

describe('parseDotenv: more', () => {
  it('reports the line of an error after a multi-line value', () => {
    assert.throws(() => parseDotenv('A=1\nB="x\ny"\nC D\n', { file: '.env' }), (err: unknown) => {
      assert.ok(err instanceof SpecError);
      assert.equal(err.line, 4);
      assert.equal(err.file, '.env');
      return true;
    });
  });
  it('takes a bare KEY on the last line from the lookup', () => {
    assert.deepEqual({ ...parseDotenv('A', { lookup: () => 'x' }) }, { A: 'x' });
  });
  it('keeps a required-variable error with its line', () => {
    assert.throws(() => parseDotenv('A=1\nB=${NOPE:?must be set}\n'), /line 2: required variable NOPE is missing a value: must be set/);
  });
  it('reads raw files verbatim', () => {
    assert.deepEqual({ ...parseDotenvRaw('# c\nA="q" #x\nB=${X}\n') }, { A: '"q" #x', B: '${X}' });
  });
});

describe('parseDotenv: properties', () => {
  const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/);
  it('single quotes keep any text without quotes or backslashes verbatim', () => {
    fc.assert(fc.property(key, fc.string().filter((v) => !/['\\]/.test(v)), (k, v) => parseDotenv(`${k}='${v}'`)[k] === v));
  });
  it('double quotes round-trip any text once \\, ", $ and newlines are escaped', () => {
    const escape = (v: string) => v.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    fc.assert(fc.property(key, fc.string(), (k, v) => parseDotenv(`${k}="${escape(v)}"`)[k] === v));
  });
  it('later lines win, and every key of a generated file is read back', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9_./:@-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(key.filter((k) => !/^\d/.test(k)), value), { maxLength: 8 }), (pairs) => {
        const text = pairs.map(([k, v]) => `${k}=${v}`).join('\n');
        return JSON.stringify({ ...parseDotenv(text) }) === JSON.stringify(Object.fromEntries(pairs));
      }),
    );
  });
});
