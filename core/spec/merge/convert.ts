// The two shape conversions the merge rules need: map ⇄ list syntaxes, keeping positions.
import type { SourceMap } from '../yaml/source-index';
import { isMapping } from '../yaml/tree-path';

/**
 * `{A: 1, B: null}` → `['A=1', 'B']` sorted by text (compose-go convertIntoSequence); a string
 * is a one-element list; a list is kept; a map value that is a list yields one entry per item.
 */
export function toSequence(value: unknown, sources?: SourceMap): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [value];
  if (!isMapping(value)) return [];
  const entries: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) entries.push([k, k]);
    else if (Array.isArray(v)) for (const item of v) entries.push([k, `${k}=${goString(item)}`]);
    else entries.push([k, `${k}=${goString(v)}`]);
  }
  entries.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const out = entries.map(([, text]) => text);
  entries.forEach(([k], i) => sources?.copy(value, k, out, i));
  return out;
}

/** `['a', 'b']` → `{a: dflt(), b: dflt()}` (or null values); a map is kept. */
export function toMapping(value: unknown, dflt?: () => unknown): Record<string, unknown> {
  if (isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      Object.defineProperty(out, String(item), { value: dflt ? dflt() : null, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** Go's %v for the scalars YAML gives us. */
function goString(v: unknown): string {
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}
