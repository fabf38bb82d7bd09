// Path patterns over the raw tree, as compose-go's tree.Path: "services.*.ports" where `*`
// matches any one segment (a mapping key or a sequence index). Every table of the loader
// (merge rules, uniqueness keys, type casts, path resolution) is keyed by such patterns.
import type { TreePath } from '../model-input';

export type Pattern = readonly string[];

/** Compile "services.*.ports" once; segments never contain dots in the patterns we use. */
export function pattern(text: string): Pattern {
  return text === '' ? [] : text.split('.');
}

/** True when `path` has exactly the pattern's length and every segment matches. */
export function matches(path: TreePath, pat: Pattern): boolean {
  if (path.length !== pat.length) return false;
  for (let i = 0; i < pat.length; i++) {
    const want = pat[i];
    if (want === '*') continue;
    if (want === '[]') {
      if (typeof path[i] !== 'number') return false;
      continue;
    }
    if (String(path[i]) !== want) return false;
  }
  return true;
}

/** The first entry of `table` whose pattern matches `path`. */
export function lookup<T>(table: ReadonlyArray<readonly [Pattern, T]>, path: TreePath): T | undefined {
  for (const [pat, value] of table) if (matches(path, pat)) return value;
  return undefined;
}

/** A stable string form of a concrete path, for Map keys. */
export function pathKey(path: TreePath): string {
  return JSON.stringify(path);
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
