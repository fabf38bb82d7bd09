// The functions a `--format` template can call: Go's text/template builtins and the ones the
// docker CLI adds (templates/templates.go: json, join, split, upper, lower, title, truncate, pad).

type Fn = (...args: unknown[]) => unknown;

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !(v === undefined || v === null || v === false || v === 0 || v === '');
}

/** A value as Go's fmt prints it: `<no value>` for a missing one, maps as map[k:v ...] with sorted keys. */
export function show(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${show((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(v);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : show(v));

/** Go's printf verbs that formats use: %s %v %q %d %f and %%. */
function printf(format: unknown, ...args: unknown[]): string {
  let i = 0;
  return str(format).replace(/%([-+ 0#]*\d*(?:\.\d+)?)([svqdf%])/g, (_m, flags: string, verb: string) => {
    if (verb === '%') return '%';
    const v = args[i++];
    const width = Number(/\d+/.exec(flags.split('.')[0] ?? '')?.[0] ?? 0);
    const left = flags.includes('-');
    let s: string;
    if (verb === 'q') s = JSON.stringify(str(v));
    else if (verb === 'd') s = String(Math.trunc(Number(v)));
    else if (verb === 'f') s = Number(v).toFixed(Number(/\.(\d+)/.exec(flags)?.[1] ?? 6));
    else s = str(v);
    return left ? s.padEnd(width) : s.padStart(width);
  });
}

/** Go's fmt.Sprint: spaces only between operands when neither is a string. */
function sprint(...args: unknown[]): string {
  return args.map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + str(a)).join('');
}

function index(v: unknown, ...keys: unknown[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(k)];
  }
  return cur;
}

function len(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  return 0;
}

const cmp = (f: (a: number | string, b: number | string) => boolean): Fn => (a, b) => f(a as number, b as number);

export const FUNCS: Record<string, Fn> = {
  json: (v) => JSON.stringify(v ?? null),
  join: (list, sep) => (Array.isArray(list) ? list.map(str).join(str(sep)) : str(list)),
  split: (s, sep) => str(s).split(str(sep)),
  upper: (s) => str(s).toUpperCase(),
  lower: (s) => str(s).toLowerCase(),
  title: (s) => str(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  truncate: (s, n) => str(s).slice(0, Number(n)),
  pad: (s, before, after) => `${' '.repeat(Number(before))}${str(s)}${' '.repeat(Number(after))}`,
  index,
  len,
  slice: (v, from, to) => (typeof v === 'string' || Array.isArray(v) ? v.slice(Number(from ?? 0), to === undefined ? undefined : Number(to)) : v),
  print: sprint,
  println: (...args) => `${args.map(str).join(' ')}\n`,
  printf: printf as Fn,
  eq: (a, ...bs) => bs.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: cmp((a, b) => a < b),
  le: cmp((a, b) => a <= b),
  gt: cmp((a, b) => a > b),
  ge: cmp((a, b) => a >= b),
  not: (v) => !truthy(v),
  and: (...vs) => vs.find((v) => !truthy(v)) ?? vs[vs.length - 1],
  or: (...vs) => vs.find((v) => truthy(v)) ?? vs[vs.length - 1],
};
