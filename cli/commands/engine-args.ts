// A small argv parser with Docker's conventions: `--flag value`, `--flag=value`, `-f value`,
// grouped short booleans (`-it`), repeatable flags, and (for run/exec/create) parsing stops at the
// first positional so the container's own arguments stay untouched.
import { CoreError } from '../../core/errors';

export interface FlagSpec {
  short?: string;
  type: 'bool' | 'string' | 'list';
}

export type FlagValues = Record<string, boolean | string | string[] | undefined>;

export interface Parsed {
  flags: FlagValues;
  positionals: string[];
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>, stopAtPositional = false): Parsed {
  const byShort = new Map(Object.entries(spec).filter(([, s]) => s.short).map(([n, s]) => [s.short as string, n]));
  const flags: FlagValues = {};
  const positionals: string[] = [];
  const set = (name: string, value: string | boolean): void => {
    const s = spec[name];
    if (s.type === 'list') flags[name] = [...((flags[name] as string[] | undefined) ?? []), String(value)];
    else flags[name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      if (stopAtPositional) { positionals.push(...argv.slice(i + 1)); break; }
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const s = spec[name];
      if (!s) throw new CoreError('INVALID_ARGUMENT', `unknown flag: --${name}`);
      if (s.type === 'bool') set(name, eq > 0 ? !/^(0|false)$/i.test(a.slice(eq + 1)) : true);
      else set(name, eq > 0 ? a.slice(eq + 1) : need(argv, ++i, `--${name}`));
      continue;
    }
    // -abc: booleans grouped; a value-taking short flag takes the rest or the next word.
    for (let j = 1; j < a.length; j++) {
      const name = byShort.get(a[j]);
      if (!name) throw new CoreError('INVALID_ARGUMENT', `unknown shorthand flag: '${a[j]}' in ${a}`);
      if (spec[name].type === 'bool') { set(name, true); continue; }
      const rest = a.slice(j + 1).replace(/^=/, '');
      set(name, rest !== '' ? rest : need(argv, ++i, `-${a[j]}`));
      break;
    }
  }
  return { flags, positionals };
}

function need(argv: string[], i: number, flag: string): string {
  const v = argv[i];
  if (v === undefined) throw new CoreError('INVALID_ARGUMENT', `flag needs an argument: ${flag}`);
  return v;
}

export function str(f: FlagValues, name: string): string | undefined {
  const v = f[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(f: FlagValues, name: string): string[] {
  const v = f[name];
  return Array.isArray(v) ? v : [];
}

export function bool(f: FlagValues, name: string): boolean {
  return f[name] === true;
}

// Global engine flags (engine-connect's --root/--host/-H) take a value too.
const GLOBAL_VALUED = new Set(['--root', '--host', '-H']);

/**
 * `container run busybox echo -H x`: everything from the first positional (the image or the
 * container) on belongs to the command and the container, never to berth's global flags, which
 * end where the command's arguments begin (docker's SetInterspersed(false)). `spec` says which
 * of the command's flags take a value, so a value is not taken for the first positional.
 */
export function splitAtPositional(argv: string[], spec: Record<string, FlagSpec>): { head: string[]; tail: string[] } {
  const valued = new Set(GLOBAL_VALUED);
  for (const [name, s] of Object.entries(spec)) {
    if (s.type === 'bool') continue;
    valued.add(`--${name}`);
    if (s.short) valued.add(`-${s.short}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || !a.startsWith('-') || a === '-') return { head: argv.slice(0, i), tail: argv.slice(i) };
    if (valued.has(a) || isShortGroupWanting(a, spec)) i++;
  }
  return { head: argv, tail: [] };
}

/** `-it`, `-dp` ...: a group of short flags whose last one takes the next word as its value. */
function isShortGroupWanting(a: string, spec: Record<string, FlagSpec>): boolean {
  if (a.startsWith('--') || a.length < 3 || a.includes('=')) return false;
  const last = Object.values(spec).find((s) => s.short === a[a.length - 1]);
  return last !== undefined && last.type !== 'bool';
}
