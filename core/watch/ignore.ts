// Which host paths a watch rule skips: the build context's .dockerignore (paths relative to the
// context), editors' temporaries and .git (any depth), and the rule's own `ignore` (relative to the
// rule's path), as compose's watch does; `include`, when given, keeps only what it matches.
// Matching follows Docker's .dockerignore rules (@balena/dockerignore).
import dockerignore from '@balena/dockerignore';
import { relative, sep } from 'node:path';
import { EPHEMERAL_PATTERNS } from './ephemeral';

export interface IgnoreSources {
  /** The rule's `path` (absolute). */
  root: string;
  /** The rule's own `ignore` and `include` patterns (relative to `root`). */
  ignore?: readonly string[];
  include?: readonly string[];
  /** The build context (absolute) and its .dockerignore patterns, when the service builds. */
  context?: { dir: string; patterns: readonly string[] };
}

export interface PathFilter {
  /** True when `abs` (a host path under the rule's root) must not be synced; `include` applies to files only. */
  ignores(abs: string, dir?: boolean): boolean;
  /** True when nothing under directory `abs` can be wanted: the watcher need not descend. */
  prunes(abs: string): boolean;
}

type Matcher = { ignores(p: string): boolean };

function matcher(patterns: readonly string[]): Matcher | undefined {
  return patterns.length === 0 ? undefined : dockerignore({ ignorecase: false }).add([...patterns]);
}

/** `abs` relative to `base` with `/` separators, or undefined when it is not inside `base`. */
export function inside(base: string, abs: string): string | undefined {
  const rel = relative(base, abs);
  if (rel === '') return '.';
  if (rel.startsWith('..') || rel.startsWith(sep) || /^[a-zA-Z]:/.test(rel)) return undefined;
  return rel.split(sep).join('/');
}

export function pathFilter(src: IgnoreSources): PathFilter {
  const own = matcher([...EPHEMERAL_PATTERNS, ...(src.ignore ?? [])]);
  const ctx = src.context === undefined ? undefined : { dir: src.context.dir, m: matcher(src.context.patterns) };
  const include = matcher(src.include ?? []);
  const excluded = (abs: string): boolean => {
    const rel = inside(src.root, abs);
    if (rel === undefined) return true;
    if (rel !== '.' && own?.ignores(rel)) return true;
    const crel = ctx?.m === undefined ? undefined : inside(ctx.dir, abs);
    return crel !== undefined && crel !== '.' && ctx!.m!.ignores(crel);
  };
  return {
    prunes: excluded,
    ignores(abs, dir = false) {
      if (excluded(abs)) return true;
      if (include === undefined || dir) return false;
      const rel = inside(src.root, abs)!;
      return rel === '.' ? false : !include.ignores(rel);
    },
  };
}
