// `!reset` and `!override` act on what earlier files defined: before the tagged file is merged,
// every tagged path is deleted from the accumulated model (compose-go ResetProcessor.Apply);
// the merge then brings in the new value (`!override`) or nothing (`!reset`, already dropped
// from the file's own tree by the parser).
import type { TreePath } from '../model-input';
import { isMapping, matches } from '../yaml/tree-path';

/** Delete every mapping entry of `target` whose path is one of `paths`; in place. */
export function applyResets(target: unknown, paths: readonly TreePath[]): void {
  if (paths.length === 0) return;
  const patterns = paths.map((p) => p.map(String));
  walk(target, [], patterns);
}

function walk(value: unknown, path: TreePath, patterns: readonly string[][]): void {
  if (isMapping(value)) {
    for (const k of Object.keys(value)) {
      const next = [...path, k];
      if (patterns.some((p) => matches(next, p))) delete value[k];
      else walk(value[k], next, patterns);
    }
  } else if (Array.isArray(value)) {
    // As compose-go: a tagged sequence item is not removed from earlier files' sequences.
    value.forEach((v, i) => {
      const next = [...path, i];
      if (!patterns.some((p) => matches(next, p))) walk(v, next, patterns);
    });
  }
}
