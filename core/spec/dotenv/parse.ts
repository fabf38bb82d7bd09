// The .env / env_file format, as compose-go's dotenv package (a fork of joho/godotenv) reads
// it: KEY=VAL or KEY: VAL, optional `export `, comments, single quotes (literal), double
// quotes (escapes + ${VAR} expansion, may span lines), unquoted values (` #` starts a
// comment, ${VAR} expanded), a bare KEY taking its value from the lookup, keys starting with
// a digit ignored, a UTF-8 BOM skipped.
import { SpecError } from '../errors';
import { substitute, TemplateError } from '../interpolate/template';

export interface DotenvOptions {
  /** Consulted first when expanding ${VAR} and for bare KEY lines (the OS env, as compose). */
  lookup?: (name: string) => string | undefined;
  /** For error messages. */
  file?: string;
}

const EXPORT = /^export\s+/;
const KEY_RUNE = /[\p{L}\p{N}_.\-[\]]/u;
const INLINE_SPACE = /[\t\v\f\r \u0085\u00a0]/;
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;
const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', c: '\\c', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/** Parse a whole file; later keys win. Throws SpecError with the line. */
export function parseDotenv(text: string, opts: DotenvOptions = {}): Record<string, string> {
  const src = text.replace(/^\uFEFF/, '');
  const out: Record<string, string> = {};
  const lookup = opts.lookup ?? (() => undefined);
  let i = 0;
  for (;;) {
    i = statementStart(src, i);
    if (i >= src.length) break;
    const line = lineAt(src, i);
    const fail = (msg: string, cause?: unknown) => new SpecError(`line ${line}: ${msg}`, { file: opts.file, line, col: 1, cause });
    const key = readKey(src, i, fail);
    i = key.next;
    if (key.inherited) {
      const value = lookup(key.name);
      if (value !== undefined) set(out, key.name, value);
      continue;
    }
    const value = readValue(src, i, fail);
    i = value.next;
    const expanded = value.quote === "'" ? value.raw : expand(value.quote === '"' ? unescape(value.raw) : value.raw, out, lookup, fail);
    set(out, key.name, expanded);
  }
  return out;
}

/** compose-go's `format: raw` env files: KEY=VALUE per line, nothing interpreted. */
export function parseDotenvRaw(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    set(out, line.slice(0, eq).trim(), line.slice(eq + 1));
  }
  return out;
}

function set(out: Record<string, string>, key: string, value: string): void {
  // Keys starting with a digit are ignored (compose-go ReadWithLookup).
  if (/^\s*\d/.test(key)) return;
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Skip blank space and whole-line comments. */
function statementStart(src: string, i: number): number {
  for (;;) {
    while (i < src.length && /\s/.test(src[i])) i++;
    if (src[i] !== '#') return i;
    const nl = src.indexOf('\n', i);
    if (nl < 0) return src.length;
    i = nl;
  }
}

function readKey(src: string, start: number, fail: (m: string) => SpecError): { name: string; next: number; inherited: boolean } {
  let i = start;
  const m = EXPORT.exec(src.slice(i, i + 16));
  if (m) i += m[0].length;
  const keyStart = i;
  for (; i < src.length; i++) {
    const c = src[i];
    if (INLINE_SPACE.test(c)) continue;
    if (c === '=' || c === ':' || c === '\n') {
      return finishKey(src.slice(keyStart, i), skipSpaces(src, i + 1), c === '\n', fail);
    }
    if (!KEY_RUNE.test(c)) {
      const shown = src.slice(keyStart).split('\n')[0];
      throw fail(`unexpected character ${JSON.stringify(c)} in variable name ${JSON.stringify(shown)}`);
    }
  }
  // A bare KEY on the last line, without a newline, is inherited like any other.
  return finishKey(src.slice(keyStart), src.length, true, fail);
}

function finishKey(raw: string, next: number, inherited: boolean, fail: (m: string) => SpecError) {
  const name = raw.replace(/\s+$/, '');
  if (name.includes(' ')) throw fail('key cannot contain a space');
  return { name, next, inherited };
}

function skipSpaces(src: string, i: number): number {
  while (i < src.length && INLINE_SPACE.test(src[i])) i++;
  return i;
}

function readValue(src: string, i: number, fail: (m: string) => SpecError): { raw: string; quote?: string; next: number } {
  const quote = src[i];
  if (quote !== '"' && quote !== "'") {
    const nl = src.indexOf('\n', i);
    const end = nl < 0 ? src.length : nl;
    const raw = src.slice(i, end).split(' #')[0].replace(/\s+$/, '');
    return { raw, next: end };
  }
  let raw = '';
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\\' && j + 1 < src.length) {
      // An escaped quote loses its backslash; any other escape is kept for unescape().
      raw += src[j + 1] === quote ? quote : `\\${src[j + 1]}`;
      j++;
    } else if (c === quote) {
      return { raw, quote, next: j + 1 };
    } else raw += c;
  }
  const nl = src.indexOf('\n', i);
  throw fail(`unterminated quoted value ${src.slice(i, nl < 0 ? src.length : nl)}`);
}

/** Shell escapes inside double quotes: \n \t \\ \" \a..., octal \0NNN; `\$` stays a literal `$`. */
function unescape(s: string): string {
  return s.replace(ESCAPE, (m) => {
    const c = m[1];
    if (c === '$') return '$$';
    if (c === '0') return String.fromCharCode(parseInt(m.slice(2) || '0', 8));
    return SIMPLE_ESCAPES[c] ?? m;
  });
}

function expand(value: string, out: Record<string, string>, lookup: (n: string) => string | undefined, fail: (m: string, cause?: unknown) => SpecError): string {
  try {
    return substitute(value, { lookup: (name) => lookup(name) ?? (Object.hasOwn(out, name) ? out[name] : undefined) });
  } catch (err) {
    if (err instanceof TemplateError) throw fail(err.message, err);
    throw err;
  }
}

function lineAt(src: string, i: number): number {
  let n = 1;
  for (let j = src.indexOf('\n'); j >= 0 && j < i; j = src.indexOf('\n', j + 1)) n++;
  return n;
}
