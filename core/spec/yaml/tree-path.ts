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

/**
 * A table of patterns as a trie, for walks that descend the tree and want the table's entry at
 * each node without matching every pattern against a fresh path array: the walk keeps the trie
 * nodes its path reached (`stepTrie`) and reads the entry there (`trieValue`). Same answers as
 * `lookup`: the first entry of the table among those that match.
 */
export interface PatternTrie<T> {
  /** The matching table entry of lowest index ending here. */
  entry?: { index: number; value: T };
  children: Map<string, PatternTrie<T>>;
}

export function patternTrie<T>(table: ReadonlyArray<readonly [Pattern, T]>): PatternTrie<T> {
  const root: PatternTrie<T> = { children: new Map() };
  table.forEach(([pat, value], index) => {
    let node = root;
    for (const seg of pat) {
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, (next = { children: new Map() }));
      node = next;
    }
    node.entry ??= { index, value };
  });
  return root;
}

/** The trie nodes reached from `nodes` by one more path segment (`*` any, `[]` an index). */
export function stepTrie<T>(nodes: ReadonlyArray<PatternTrie<T>>, key: string | number): PatternTrie<T>[] {
  const out: PatternTrie<T>[] = [];
  for (const node of nodes) {
    const exact = node.children.get(String(key));
    if (exact) out.push(exact);
    const any = node.children.get('*');
    if (any) out.push(any);
    const index = typeof key === 'number' ? node.children.get('[]') : undefined;
    if (index) out.push(index);
  }
  return out;
}

/** The first table entry (by index) whose pattern ends at one of `nodes`. */
export function trieValue<T>(nodes: ReadonlyArray<PatternTrie<T>>): T | undefined {
  let best: { index: number; value: T } | undefined;
  for (const node of nodes) if (node.entry && (!best || node.entry.index < best.index)) best = node.entry;
  return best?.value;
}

/** A stable string form of a concrete path, for Map keys. */
export function pathKey(path: TreePath): string {
  return JSON.stringify(path);
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
