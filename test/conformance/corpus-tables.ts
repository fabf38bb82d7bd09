// The table-driven corpus cases: .env syntax (cg-dotenv-syntax) and interpolation
// (cg-interpolation-table), run against the front half's parser and template engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusCase } from '../../core/host/corpus';
import { parseDotenv } from '../../core/spec/dotenv/parse';
import { substitute } from '../../core/spec/interpolate/template';
import { diff } from './compare';
import type { Outcome } from './corpus-case';

type Row = Record<string, unknown>;

function tryParse(text: string, env: Record<string, string>, file?: string): Record<string, string> | Error {
  try {
    return parseDotenv(text, { lookup: (k) => env[k], file });
  } catch (err) {
    return err as Error;
  }
}

export function runDotenvTable(c: CorpusCase): Outcome {
  const t = JSON.parse(readFileSync(join(c.dir, 'expected.json'), 'utf8')) as Record<string, Row[]>;
  const fails: string[] = [];
  for (const r of t.files ?? []) {
    const got = tryParse(readFileSync(join(c.dir, String(r.file)), 'utf8'), (r.os_env ?? {}) as Record<string, string>, String(r.file));
    if (got instanceof Error) { fails.push(`${String(r.file)}: ${got.message}`); continue; }
    const want = r.expected as Record<string, string>;
    const sub = r.exact ? got : Object.fromEntries(Object.keys(want).map((k) => [k, got[k]]));
    const d = diff(sub, want);
    if (d) fails.push(`${String(r.file)}: ${d}`);
  }
  for (const r of t.lines ?? []) {
    const got = tryParse(String(r.input), {});
    if (got instanceof Error || got[String(r.key)] !== r.value) fails.push(`line ${JSON.stringify(r.input)}`);
  }
  for (const r of t.expanding ?? []) {
    const got = tryParse(String(r.input), (r.env ?? {}) as Record<string, string>);
    if (got instanceof Error || diff(got, r.expected)) fails.push(`expanding ${String(r.name)}`);
  }
  for (const r of t.errors ?? []) {
    const text = r.file ? readFileSync(join(c.dir, String(r.file)), 'utf8') : String(r.input);
    if (!(tryParse(text, {}) instanceof Error)) fails.push(`error case ${JSON.stringify(r.input ?? r.file)} parsed`);
  }
  return fails.length ? { status: 'fail', reason: fails.slice(0, 3).join('; ') } : { status: 'pass' };
}

export function runInterpolationTable(c: CorpusCase): Outcome {
  const t = JSON.parse(readFileSync(join(c.dir, 'expected.json'), 'utf8')) as { environments: Record<string, Record<string, string>>; cases: Row[] };
  const fails: string[] = [];
  for (const r of t.cases) {
    if (typeof r.template !== 'string') continue;
    const env = t.environments[String(r.env)] ?? {};
    let got: string | Error;
    try {
      got = substitute(r.template, { lookup: (k) => (Object.hasOwn(env, k) ? env[k] : undefined) });
    } catch (err) {
      got = err as Error;
    }
    if ('expected' in r && got !== r.expected) fails.push(`${r.template}: got ${String(got)}`);
    if ('error_contains' in r && !(got instanceof Error)) fails.push(`${r.template}: no error`);
  }
  return fails.length ? { status: 'fail', reason: fails.slice(0, 3).join('; ') } : { status: 'pass' };
}
