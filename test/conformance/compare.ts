// Data comparison with the corpus README's rules: mapping order ignored, sequence order kept,
// empty maps/lists = absent, null = absent, durations compare as durations, byte sizes and
// numbers as numbers (a numeric string equals the number).
import { parseDuration } from '../../core/spec/normalize/units';

const DURATION = /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

function scalarEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) {
    if (String(a) === String(b)) return true;
    if (typeof a === 'string' && typeof b === 'string' && DURATION.test(a) && DURATION.test(b)) return parseDuration(a) === parseDuration(b);
    return a !== '' && b !== '' && Number(a) === Number(b);
  }
  return false;
}

/** Where the two differ (a dotted path and both values), or undefined when equal. */
export function diff(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (isEmpty(actual) && isEmpty(expected)) return undefined;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const d = diff(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) {
      const d = diff((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return scalarEqual(actual, expected) ? undefined : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** "services.web.volumes[0].bind" → the node (undefined when absent). */
export function at(tree: unknown, dotted: string): unknown {
  let cur = tree;
  for (const m of dotted.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[m[1] ?? Number(m[2])];
  }
  return cur;
}

export interface Check {
  path: string;
  equals?: unknown;
  fields?: Record<string, unknown>;
  keys?: string[];
  length?: number;
  absent?: boolean;
  present?: boolean;
}

export function runCheck(tree: unknown, c: Check): string | undefined {
  const v = at(tree, c.path);
  if (c.absent) return v === undefined || v === null ? undefined : `${c.path}: expected absent, got ${JSON.stringify(v)}`;
  if (c.present && v === undefined) return `${c.path}: expected present`;
  if ('equals' in c) return diff(v, c.equals, c.path);
  if (c.fields) {
    for (const [k, want] of Object.entries(c.fields)) {
      const d = diff((v as Record<string, unknown> | undefined)?.[k], want, `${c.path}.${k}`);
      if (d) return d;
    }
  }
  if (c.keys) {
    const got = Object.keys((v ?? {}) as object).sort();
    if (JSON.stringify(got) !== JSON.stringify([...c.keys].sort())) return `${c.path}: expected keys ${c.keys.join(',')}, got ${got.join(',')}`;
  }
  if (c.length !== undefined && (!Array.isArray(v) && typeof v !== 'object' || Object.keys(v as object).length !== c.length)) {
    return `${c.path}: expected length ${c.length}, got ${JSON.stringify(v)}`;
  }
  return undefined;
}
