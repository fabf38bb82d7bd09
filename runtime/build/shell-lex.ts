// Variable substitution and word splitting as the Dockerfile reference defines them (BuildKit's
// frontend/dockerfile/shell/lex.go): `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`,
// `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`; single quotes are literal, double quotes expand;
// the escape character (`\` or the `# escape=` one) makes the next character literal.
import { BuildError } from './errors';

export type Vars = ReadonlyMap<string, string>;

interface Lexer {
  s: string;
  i: number;
  escape: string;
  vars: Vars;
  /** Names read, so a RUN's cache key and history can list the build args it used. */
  used: Set<string>;
  /** Quotes are plain characters (BuildKit's SkipProcessQuotes, for heredoc bodies). */
  rawQuotes?: boolean;
}

/** Splits `s` into words (quotes removed, variables expanded, unquoted expansions not re-split). */
export function processWords(s: string, vars: Vars, escape = '\\', used = new Set<string>()): string[] {
  const lx: Lexer = { s, i: 0, escape, vars, used };
  const words: string[] = [];
  let word = '';
  let inWord = false;
  while (lx.i < s.length) {
    const c = s[lx.i];
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      lx.i++;
      continue;
    }
    // An unquoted expansion to nothing makes no word (as sh and BuildKit's lexer); "" does.
    const quoted = c === '"' || c === "'";
    const unit = readUnit(lx, false);
    if (unit !== '' || quoted) inWord = true;
    word += unit;
  }
  if (inWord) words.push(word);
  return words;
}

/** One word: quotes removed and variables expanded, whitespace kept (ENV/LABEL values). */
export function processWord(s: string, vars: Vars, escape = '\\', used = new Set<string>()): string {
  const lx: Lexer = { s, i: 0, escape, vars, used };
  let out = '';
  while (lx.i < s.length) out += readUnit(lx, false);
  return out;
}

/**
 * A COPY/ADD heredoc body whose delimiter is not quoted: variables expanded and escapes applied,
 * quotes left as they are (the body is a file, often a script, not Dockerfile words), as
 * BuildKit's lexer with SkipProcessQuotes does.
 */
export function processHeredoc(s: string, vars: Vars, escape = '\\'): string {
  const lx: Lexer = { s, i: 0, escape, vars, used: new Set(), rawQuotes: true };
  let out = '';
  while (lx.i < s.length) out += readUnit(lx, false);
  return out;
}

/** Reads one lexical unit at lx.i: a quoted string, an escape, a variable, or one character. */
function readUnit(lx: Lexer, inDouble: boolean): string {
  const c = lx.s[lx.i];
  if (c === lx.escape) {
    lx.i += 2;
    const next = lx.s[lx.i - 1] ?? '';
    // Inside double quotes only `"`, `$` and the escape itself are escapable (as POSIX sh).
    if (inDouble && next !== '"' && next !== '$' && next !== lx.escape) return c + next;
    return next;
  }
  if (c === '$') return readVar(lx);
  if (lx.rawQuotes) { lx.i++; return c; }
  if (!inDouble && c === "'") {
    const end = lx.s.indexOf("'", lx.i + 1);
    if (end < 0) throw new BuildError('INVALID_ARGUMENT', `unexpected end of statement while looking for matching single-quote in: ${lx.s}`);
    const out = lx.s.slice(lx.i + 1, end);
    lx.i = end + 1;
    return out;
  }
  if (!inDouble && c === '"') {
    lx.i++;
    let out = '';
    while (lx.i < lx.s.length && lx.s[lx.i] !== '"') out += readUnit(lx, true);
    if (lx.i >= lx.s.length) throw new BuildError('INVALID_ARGUMENT', `unexpected end of statement while looking for matching double-quote in: ${lx.s}`);
    lx.i++;
    return out;
  }
  lx.i++;
  return c;
}

function lookup(lx: Lexer, name: string): string | undefined {
  lx.used.add(name);
  return lx.vars.get(name);
}

function readVar(lx: Lexer): string {
  const s = lx.s;
  lx.i++; // the $
  if (s[lx.i] === '{') return readBraced(lx);
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(lx.i));
  if (!m) return '$';
  lx.i += m[0].length;
  return lookup(lx, m[0]) ?? '';
}

function readBraced(lx: Lexer): string {
  const s = lx.s;
  lx.i++; // the {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-+?])?/.exec(s.slice(lx.i));
  if (!m) throw new BuildError('INVALID_ARGUMENT', `bad substitution in: ${s}`);
  lx.i += m[0].length;
  let word = '';
  while (lx.i < s.length && s[lx.i] !== '}') word += readUnit(lx, true);
  if (s[lx.i] !== '}') throw new BuildError('INVALID_ARGUMENT', `missing '}' in: ${s}`);
  lx.i++;
  const value = lookup(lx, m[1]);
  const op = m[2];
  if (!op) return value ?? '';
  const unsetOrEmpty = op.startsWith(':') ? !value : value === undefined;
  switch (op.replace(':', '')) {
    case '-': return unsetOrEmpty ? word : value ?? '';
    case '+': return unsetOrEmpty ? '' : word;
    default:
      if (unsetOrEmpty) throw new BuildError('INVALID_ARGUMENT', `${m[1]}: ${word || 'is not allowed to be unset'}`);
      return value ?? '';
  }
}

/** `K=V K2="v 2"` pairs (ENV, LABEL, ARG); the legacy `K V` form for ENV and LABEL. */
export function keyValues(args: string, vars: Vars, escape: string, legacy: boolean): Array<[string, string | undefined]> {
  const words = processWords(args, vars, escape);
  if (legacy && words.length > 0 && !words[0].includes('=')) {
    const key = words[0];
    const rest = args.trim().slice(args.trim().search(/\s/)).trim();
    return [[key, processWord(rest, vars, escape)]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? [w, undefined] : [w.slice(0, eq), w.slice(eq + 1)];
  });
}
