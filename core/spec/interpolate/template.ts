// Variable substitution in one string, with compose's grammar (compose-spec 12-interpolation,
// compose-go template/): $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+r},
// ${VAR+r}, nesting inside the word, `$$` for a literal `$`. A `$` that starts nothing is kept.
// The word after an operator is itself a template, evaluated only when used (as compose-go,
// so `${A:+${A},}` does not warn about A when A is unset).

export type Lookup = (name: string) => string | undefined;

export interface TemplateOptions {
  lookup: Lookup;
  /** Called for each variable read while unset and without a default (compose warns). */
  onUnset?: (name: string) => void;
}

export class TemplateError extends Error {
  constructor(
    readonly kind: 'invalid' | 'required',
    message: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

const NAME_START = /[_a-zA-Z]/;
const NAME_PART = /[_a-zA-Z0-9]/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;
type Operator = (typeof OPERATORS)[number];

/** Substitute every variable of `template`; throws TemplateError. */
export function substitute(template: string, opts: TemplateOptions): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) return out + template.slice(i);
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = matchingBrace(template, dollar + 2);
      if (end < 0) throw invalid(template);
      out += braced(template.slice(dollar + 2, end), template, opts);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = dollar + 2;
      while (j < template.length && NAME_PART.test(template[j])) j++;
      out += read(template.slice(dollar + 1, j), opts);
      i = j;
    } else {
      out += '$';
      i = dollar + 1;
    }
  }
  return out;
}

/** Index of the `}` closing the `${` whose body starts at `from`, counting nested braces. */
function matchingBrace(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function braced(body: string, template: string, opts: TemplateOptions): string {
  let n = 0;
  if (!NAME_START.test(body[0] ?? '')) throw invalid(template);
  while (n < body.length && NAME_PART.test(body[n])) n++;
  const name = body.slice(0, n);
  if (n === body.length) return read(name, opts);
  const op = OPERATORS.find((o) => body.startsWith(o, n));
  if (!op) throw invalid(template);
  return apply(name, op, body.slice(n + op.length), opts);
}

function apply(name: string, op: Operator, word: string, opts: TemplateOptions): string {
  const value = opts.lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value : substitute(word, opts);
    case '-':
      return set ? value : substitute(word, opts);
    case ':+':
      return nonEmpty ? substitute(word, opts) : '';
    case '+':
      return set ? substitute(word, opts) : '';
    case ':?':
    case '?':
      if (op === ':?' ? nonEmpty : set) return value as string;
      throw required(name, substitute(word, opts));
  }
}

function read(name: string, opts: TemplateOptions): string {
  const value = opts.lookup(name);
  if (value === undefined) opts.onUnset?.(name);
  return value ?? '';
}

function invalid(template: string): TemplateError {
  return new TemplateError('invalid', `Invalid template: ${JSON.stringify(template)}`);
}

function required(name: string, message: string): TemplateError {
  const suffix = message ? `: ${message}` : '';
  return new TemplateError('required', `required variable ${name} is missing a value${suffix}`, name);
}
