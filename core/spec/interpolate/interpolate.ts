// Interpolate every string value of one file's tree, in place (keys never, as compose-spec
// says), then cast typed fields back from strings. Runs per file, before include/extends/merge.
import { SpecError, formatPath } from '../errors';
import type { TreePath } from '../model-input';
import type { SourceMap } from '../yaml/source-index';
import { type PatternTrie, patternTrie, stepTrie, trieValue } from '../yaml/tree-path';
import { substitute, TemplateError, type Lookup } from './template';
import { type Cast, TYPE_CASTS } from './type-cast';

export interface InterpolateOptions {
  lookup: Lookup;
  sources?: SourceMap;
  warn?: (message: string) => void;
  /** Path → cast table; compose-go's by default. */
  casts?: ReadonlyArray<readonly [readonly string[], Cast]>;
}

export function interpolateTree(tree: Record<string, unknown>, opts: InterpolateOptions): void {
  const casts = opts.casts ? patternTrie(opts.casts) : TYPE_CAST_TRIE;
  walk(tree, [], [casts], opts);
}

/** TYPE_CASTS as a trie, compiled once (constant data). */
const TYPE_CAST_TRIE = patternTrie(TYPE_CASTS);

/**
 * `path` is one array pushed and popped along the walk; `casts` are the trie nodes of the cast
 * table reached by it (none, below any path that a cast could match).
 */
function walk(container: Record<string, unknown> | unknown[], path: Array<string | number>, casts: PatternTrie<Cast>[], opts: InterpolateOptions): void {
  const obj = container as Record<string | number, unknown>;
  const keys: ReadonlyArray<string | number> | undefined = Array.isArray(container) ? undefined : Object.keys(container);
  const n = keys ? keys.length : (container as unknown[]).length;
  for (let i = 0; i < n; i++) {
    const key = keys ? keys[i]! : i;
    const value = obj[key];
    if (typeof value === 'string') {
      path.push(key);
      const cast = casts.length > 0 ? trieValue(stepTrie(casts, key)) : undefined;
      obj[key] = interpolateValue(value, path, container, key, cast, opts);
      path.pop();
    } else if (typeof value === 'object' && value !== null) {
      path.push(key);
      walk(value as Record<string, unknown>, path, casts.length > 0 ? stepTrie(casts, key) : casts, opts);
      path.pop();
    }
  }
}

function interpolateValue(value: string, path: TreePath, container: object, key: string | number, cast: Cast | undefined, opts: InterpolateOptions): unknown {
  const warn = opts.warn ?? (() => undefined);
  let out = value;
  // Most values have no `$`: nothing to substitute (casts still apply).
  if (value.includes('$')) {
    try {
      out = substitute(value, {
        lookup: opts.lookup,
        onUnset: (name) => warn(`The ${JSON.stringify(name)} variable is not set. Defaulting to a blank string.`),
      });
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      const message =
        err.kind === 'invalid'
          ? `invalid interpolation format for ${formatPath(path)}.\nYou may need to escape any $ with another $.\n${value}`
          : `error while interpolating ${formatPath(path)}: ${err.message}`;
      throw errorAt(message, path, container, key, opts, err);
    }
  }
  if (!cast) return out;
  try {
    return cast(out, warn);
  } catch (err) {
    const msg = `error while interpolating ${formatPath(path)}: failed to cast to expected type: ${(err as Error).message}`;
    throw errorAt(msg, path, container, key, opts, err);
  }
}

function errorAt(message: string, path: TreePath, container: object, key: string | number, opts: InterpolateOptions, cause: unknown): SpecError {
  const pos = opts.sources?.get(container, key);
  return new SpecError(message, {
    path: [...path],
    cause,
    file: pos?.file,
    line: pos?.line,
    col: pos?.col,
    sourceLine: pos ? opts.sources?.lineText(pos.file, pos.line) : undefined,
  });
}
