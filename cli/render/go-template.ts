// The part of Go's text/template that `--format` strings use with the docker CLI: fields
// (`{{.State.Status}}`), variables, pipelines (`{{.Names | upper}}`), `range` (with `$k, $v :=`),
// `if`/`else if`/`else`, `with`, `end`, trim markers (`{{-`, `-}}`), string and number literals,
// parentheses, Go's builtins (index, len, print, printf, println, eq, ne, lt, le, gt, ge, and, or,
// not, slice) and the docker CLI's own (json, join, split, upper, lower, title, truncate, pad).
// A field missing from a map renders `<no value>`, as Go does for map[string]interface{}.
import { CoreError } from '../../core/errors';
import { FUNCS, show, truthy } from './go-template-funcs';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: string }
  | { kind: 'range' | 'with'; decl: string[]; pipe: string; body: Node[]; otherwise: Node[] }
  | { kind: 'if'; pipe: string; body: Node[]; otherwise: Node[] };

interface Scope {
  dot: unknown;
  vars: Map<string, unknown>;
}

/** Renders `template` with `data` as dot. Throws CoreError('INVALID_ARGUMENT') for a bad template. */
export function renderGoTemplate(template: string, data: unknown): string {
  const nodes = parse(tokenize(template));
  return run(nodes, { dot: data, vars: new Map([['$', data]]) });
}

// ---- tokens: text and {{ actions }}, with Go's trim markers

type Token = { text: string } | { action: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) { out.push({ text: src.slice(i) }); break; }
    let text = src.slice(i, open);
    const close = src.indexOf('}}', open + 2);
    if (close < 0) throw bad(`unclosed action at offset ${open}`);
    let inner = src.slice(open + 2, close);
    if (/^-\s/.test(inner)) { text = text.trimEnd(); inner = inner.slice(1); }
    let next = close + 2;
    if (/\s-$/.test(inner)) { inner = inner.slice(0, -1); next = skipSpace(src, next); }
    if (text) out.push({ text });
    const action = inner.trim();
    if (!action.startsWith('/*')) out.push({ action });
    i = next;
  }
  return out;
}

const skipSpace = (s: string, i: number): number => { while (i < s.length && /\s/.test(s[i]!)) i++; return i; };
const bad = (msg: string): CoreError => new CoreError('INVALID_ARGUMENT', `template: ${msg}`);

// ---- tree: nesting of range / if / with ... else ... end

function parse(tokens: Token[]): Node[] {
  let pos = 0;
  const block = (): { body: Node[]; stop: string } => {
    const body: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++]!;
      if ('text' in t) { body.push({ kind: 'text', text: t.text }); continue; }
      const [word, rest] = splitWord(t.action);
      if (word === 'end' || word === 'else') return { body, stop: t.action };
      if (word === 'range' || word === 'with' || word === 'if') body.push(control(word, rest));
      else body.push({ kind: 'action', pipe: t.action });
    }
    return { body, stop: '' };
  };
  const control = (word: 'range' | 'with' | 'if', rest: string): Node => {
    const { body, stop } = block();
    let otherwise: Node[] = [];
    if (stop.startsWith('else')) {
      const elseRest = stop.slice(4).trim();
      if (elseRest.startsWith('if ')) otherwise = [control('if', elseRest.slice(3))];
      else { const tail = block(); if (!tail.stop.startsWith('end')) throw bad(`missing {{end}} after {{else}} of ${word}`); otherwise = tail.body; }
    } else if (!stop.startsWith('end')) throw bad(`missing {{end}} for ${word}`);
    if (word === 'if') return { kind: 'if', pipe: rest, body, otherwise };
    const m = /^((?:\$\w*\s*,\s*)?\$\w*)\s*:=\s*(.*)$/.exec(rest);
    return { kind: word, decl: m ? m[1]!.split(',').map((v) => v.trim()) : [], pipe: m ? m[2]! : rest, body, otherwise };
  };
  const { body, stop } = block();
  if (stop) throw bad(`unexpected {{${stop}}}`);
  return body;
}

function splitWord(action: string): [string, string] {
  const m = /^(\w+)\b\s*(.*)$/s.exec(action);
  return m ? [m[1]!, m[2]!] : ['', action];
}

// ---- evaluation

function run(nodes: Node[], scope: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'action') {
      const decl = /^(\$\w*)\s*:=\s*(.*)$/.exec(n.pipe);
      if (decl) scope.vars.set(decl[1]!, pipeline(decl[2]!, scope));
      else out += show(pipeline(n.pipe, scope));
    } else if (n.kind === 'if') out += run(truthy(pipeline(n.pipe, scope)) ? n.body : n.otherwise, scope);
    else if (n.kind === 'with') {
      const v = pipeline(n.pipe, scope);
      out += truthy(v) ? run(n.body, child(scope, v, n.decl, [v])) : run(n.otherwise, scope);
    } else out += range(n, scope);
  }
  return out;
}

function range(n: { decl: string[]; pipe: string; body: Node[]; otherwise: Node[] }, scope: Scope): string {
  const v = pipeline(n.pipe, scope);
  const entries: Array<[unknown, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x])
    : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])
      : typeof v === 'number' ? Array.from({ length: v }, (_, i) => [i, i]) : [];
  if (entries.length === 0) return run(n.otherwise, scope);
  // one declared variable takes the element; two take key (index) and element, as Go's range
  return entries.map(([k, x]) => run(n.body, child(scope, x, n.decl, n.decl.length === 2 ? [k, x] : [x]))).join('');
}

function child(scope: Scope, dot: unknown, names: string[], values: unknown[]): Scope {
  const vars = new Map(scope.vars);
  names.forEach((name, i) => vars.set(name, values[i]));
  return { dot, vars };
}

// ---- pipelines: cmd | cmd | ..., the previous value passed as the last argument

function pipeline(src: string, scope: Scope): unknown {
  const cmds = splitTop(src, '|');
  let prev: unknown;
  let first = true;
  for (const cmd of cmds) {
    const args = splitArgs(cmd.trim());
    if (args.length === 0) throw bad(`empty command in "${src}"`);
    const extra = first ? [] : [prev];
    prev = command(args, extra, scope);
    first = false;
  }
  return prev;
}

function command(args: string[], extra: unknown[], scope: Scope): unknown {
  const [head, ...rest] = args as [string, ...string[]];
  const fn = FUNCS[head];
  if (fn) return fn(...rest.map((a) => operand(a, scope)), ...extra);
  if (rest.length > 0 || extra.length > 0) throw bad(`"${head}" is not a function`);
  return operand(head, scope);
}

function operand(tok: string, scope: Scope): unknown {
  if (tok.startsWith('(') && tok.endsWith(')')) return pipeline(tok.slice(1, -1), scope);
  if (tok.startsWith('"')) return JSON.parse(tok.replace(/\t/g, '\\t').replace(/\n/g, '\\n')) as string;
  if (tok.startsWith('`')) return tok.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
  if (tok === 'true' || tok === 'false') return tok === 'true';
  if (tok === 'nil') return undefined;
  if (tok === '.') return scope.dot;
  if (tok.startsWith('.')) return field(scope.dot, tok.slice(1));
  if (tok.startsWith('$')) {
    const [name, ...path] = tok.split('.');
    if (!scope.vars.has(name!)) throw bad(`undefined variable "${name}"`);
    return path.length ? field(scope.vars.get(name!), path.join('.')) : scope.vars.get(name!);
  }
  if (FUNCS[tok]) return FUNCS[tok]!();
  throw bad(`function "${tok}" not defined`);
}

function field(v: unknown, path: string): unknown {
  let cur = v;
  for (const k of path.split('.')) {
    if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Splits at `sep` outside quotes and parentheses. */
function splitTop(src: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote) { cur += c; if (c === '\\' && quote === '"') cur += src[++i] ?? ''; else if (c === quote) quote = ''; continue; }
    if (c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (quote || depth !== 0) throw bad(`unbalanced quotes or parentheses in "${src}"`);
  parts.push(cur);
  return parts;
}

function splitArgs(src: string): string[] {
  return splitTop(src.replace(/\s+/g, (m) => (m.includes('\n') ? ' ' : m)), ' ').map((s) => s.trim()).filter((s) => s !== '');
}
