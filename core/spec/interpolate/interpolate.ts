// Interpolate every string value of one file's tree, in place (keys never, as compose-spec
// says), then cast typed fields back from strings. Runs per file, before include/extends/merge.
import { SpecError, formatPath } from '../errors';
import type { TreePath } from '../model-input';
import type { SourceMap } from '../yaml/source-index';
import { lookup as lookupPattern } from '../yaml/tree-path';
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
  walk(tree, [], opts);
}

function walk(container: Record<string, unknown> | unknown[], path: TreePath, opts: InterpolateOptions): void {
  const keys: Array<string | number> = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
  for (const key of keys) {
    const value = (container as Record<string | number, unknown>)[key];
    const here = [...path, key];
    if (typeof value === 'string') {
      (container as Record<string | number, unknown>)[key] = interpolateValue(value, here, container, key, opts);
    } else if (typeof value === 'object' && value !== null) {
      walk(value as Record<string, unknown>, here, opts);
    }
  }
}

function interpolateValue(value: string, path: TreePath, container: object, key: string | number, opts: InterpolateOptions): unknown {
  const warn = opts.warn ?? (() => undefined);
  let out: string;
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
  const cast = lookupPattern(opts.casts ?? TYPE_CASTS, path);
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
    path,
    cause,
    file: pos?.file,
    line: pos?.line,
    col: pos?.col,
    sourceLine: pos ? opts.sources?.lineText(pos.file, pos.line) : undefined,
  });
}
