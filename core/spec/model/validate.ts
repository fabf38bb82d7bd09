// zod issues → one SpecError worded as compose-go words schema errors
// ("services.web.image must be a string", "... missing property 'action'",
// "additional properties 'servces' not allowed"), placed at file:line:col, with a did-you-mean.
import type { z } from 'zod';
import { SpecError, formatPath } from '../errors';
import type { SourceIndex, TreePath } from '../model-input';
import { composeFile, type ComposeFile } from './compose-file';
import type { UnknownKeyParams } from './extensible';

type Issue = z.core.$ZodIssue;

/** Validate a merged tree; throws the first problem (deepest, as compose-go reports it). */
export function validateTree(tree: unknown, sources?: SourceIndex): ComposeFile {
  const r = composeFile.safeParse(tree);
  if (r.success) return r.data;
  const issue = pickIssue(r.error.issues);
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  throw SpecError.at(describe(issue, path, tree), path, sources, r.error);
}

/** Flatten unions to the branch that got furthest (the one the author most likely meant). */
export function pickIssue(issues: readonly Issue[]): Issue {
  let best: Issue | undefined;
  for (const issue of issues) {
    const cand = issue.code === 'invalid_union' ? unionBest(issue) : issue;
    if (!best || score(cand) > score(best)) best = cand;
  }
  return best!;
}

/** Deeper is better; at equal depth a misspelt key beats the "missing" it causes. */
function score(issue: Issue): number {
  const params = (issue as { params?: Partial<UnknownKeyParams> }).params;
  return issue.path.length * 2 + (params?.suggestion ? 1 : 0);
}

function unionBest(issue: Extract<Issue, { code: 'invalid_union' }>): Issue {
  const branches = issue.errors.map((errs) => (errs.length ? pickIssue(errs) : undefined)).filter((x): x is Issue => !!x);
  const deep = branches.map((b) => ({ ...b, path: [...issue.path, ...b.path] }));
  const maxDepth = Math.max(...deep.map((b) => b.path.length));
  // Every branch failed at the union itself: a type mismatch, name all the types it allows.
  if (maxDepth === issue.path.length) {
    const types = new Set<string>();
    for (const b of deep) for (const t of expectedTypes(b)) types.add(t);
    return { code: 'invalid_type', expected: [...types].sort().join(', ') as never, path: issue.path, message: '', input: undefined };
  }
  return deep.find((b) => b.path.length === maxDepth)!;
}

function expectedTypes(issue: Issue): string[] {
  if (issue.code === 'invalid_type') return String(issue.expected).split(', ');
  if (issue.code === 'invalid_value') return issue.values.map((v) => (v === null ? 'null' : typeof v));
  if (issue.code === 'invalid_format') return ['string'];
  if (issue.code === 'too_small' || issue.code === 'too_big') return [String(issue.origin)];
  return [];
}

function describe(issue: Issue, path: TreePath, tree: unknown): string {
  const where = formatPath(path) || '(root)';
  const params = (issue as { params?: Partial<UnknownKeyParams> }).params;
  if (issue.code === 'custom' && params?.unknownKey !== undefined) {
    const parent = formatPath(path.slice(0, -1)) || '(root)';
    const hint = params.suggestion ? ` (did you mean '${params.suggestion}'?)` : '';
    return `${parent} additional properties '${params.unknownKey}' not allowed${hint}`;
  }
  if (issue.code !== 'custom' && path.length > 0 && valueAt(tree, path) === undefined) {
    return `${formatPath(path.slice(0, -1)) || '(root)'} missing property '${String(path[path.length - 1])}'`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return `${where} must be ${article(String(issue.expected))}`;
    case 'invalid_value':
      return `${where} must be one of the following: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `${where} does not match pattern ${String((issue as { pattern?: string }).pattern ?? '').replace(/^\/(.*)\/[a-z]*$/, '$1')}`.trim();
    case 'too_small':
      return `${where} must be >= ${String(issue.minimum)}`;
    case 'too_big':
      return `${where} must be <= ${String(issue.maximum)}`;
    default:
      return `${where} ${issue.message}`;
  }
}

const NAMES: Record<string, string> = { record: 'object', object: 'object', array: 'array', int: 'integer' };

/** "string" → "a string"; "boolean, null, number, string" → "a boolean, null, number or string". */
function article(expected: string): string {
  const parts = [...new Set(expected.split(', ').map((t) => NAMES[t] ?? t))];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}` : parts[0]!;
  return /^[aeiou]/.test(list) ? `an ${list}` : `a ${list}`;
}

function valueAt(tree: unknown, path: TreePath): unknown {
  let cur = tree;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
