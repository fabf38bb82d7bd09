// One compose file's text → plain trees (one per YAML document), positions in a SourceMap, and
// the paths tagged !reset / !override (as compose-go's ResetProcessor records them).
// We convert the `yaml` package's AST ourselves rather than calling toJS(), because compose
// needs what toJS() hides: duplicate keys reported with both lines, non-string keys refused,
// tags recorded by path, `<<` onto an alias of a sequence of mappings, an alias-bomb cap.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseAllDocuments,
  Scalar,
} from 'yaml';
import { SpecError } from '../errors';
import type { SourcePos, TreePath } from '../model-input';
import { AliasBudget } from './alias-budget';
import { AnchorTable } from './anchors';
import type { SourceMap } from './source-index';

export interface ParsedDocument {
  tree: Record<string, unknown>;
  /** Paths tagged `!reset`: the node was dropped from `tree`, and the earlier value is removed. */
  resets: TreePath[];
  /** Paths tagged `!override`: the node is kept, and replaces the earlier value whole. */
  overrides: TreePath[];
  /** Where the document starts. */
  pos: SourcePos;
}

const DROP = Symbol('reset');

interface Ctx {
  file: string;
  /** The file's id in `sources`, for positions recorded as offsets. */
  fileId: number;
  doc: Document.Parsed;
  sources: SourceMap;
  budget: AliasBudget;
  anchors: AnchorTable;
  resets: TreePath[];
  overrides: TreePath[];
}

/** Parse every document of a file; empty documents are skipped, as compose-go does. */
export function parseYaml(text: string, file: string, sources: SourceMap): ParsedDocument[] {
  const source = text.replace(/^\uFEFF/, '');
  const fileId = sources.addText(file, source);
  const docs = parseAllDocuments(source, { uniqueKeys: false, merge: false });
  // An empty stream is an empty array here.
  const list = Array.from(docs);
  const out: ParsedDocument[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw syntaxError(file, sources, doc.errors[0]);
    if (doc.contents === null) continue;
    const ctx: Ctx = { file, fileId, doc, sources, budget: new AliasBudget(file), anchors: new AnchorTable(doc), resets: [], overrides: [] };
    const pos = at(ctx, doc.contents);
    if (isScalar(doc.contents) && doc.contents.value === null) continue;
    const tree = convert(ctx, doc.contents, []);
    if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
      throw errorAt(ctx, doc.contents, 'top-level object must be a mapping');
    }
    out.push({ tree: tree as Record<string, unknown>, resets: ctx.resets, overrides: ctx.overrides, pos });
  }
  return out;
}

/** Deeper than any compose file; guards the recursion below against hostile input. */
const MAX_DEPTH = 1000;

/**
 * `path` is one array pushed and popped along the walk (copied only where a path is kept), as a
 * new array per node was a large share of the allocations of a big file.
 */
function convert(ctx: Ctx, node: Node | null, path: Array<string | number>): unknown {
  if (node === null) return null;
  ctx.budget.visit();
  if (path.length > MAX_DEPTH) throw errorAt(ctx, node, `yaml: exceeded max depth of ${MAX_DEPTH}`);
  if (node.tag === '!reset') {
    ctx.resets.push(path.slice());
    return DROP;
  }
  if (node.tag === '!override') ctx.overrides.push(path.slice());
  if (isAlias(node)) {
    const target = ctx.anchors.resolve(node);
    if (!target) throw errorAt(ctx, node, `unknown anchor '${node.source}' referenced`);
    ctx.budget.enterAlias();
    try {
      return convert(ctx, target, path);
    } finally {
      ctx.budget.leaveAlias();
    }
  }
  if (isMap(node)) return convertMap(ctx, node.items as Pair<Node | null, Node | null>[], path);
  if (isSeq(node)) return convertSeq(ctx, node.items as (Node | null)[], path);
  if (isScalar(node)) return scalarValue(ctx, node);
  throw errorAt(ctx, node, 'unsupported YAML node');
}

function convertSeq(ctx: Ctx, items: (Node | null)[], path: Array<string | number>): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    path.push(out.length);
    const value = convert(ctx, item, path);
    path.pop();
    if (value === DROP) continue;
    if (item) ctx.sources.setAt(out, out.length, ctx.fileId, item.range?.[0] ?? 0);
    out.push(value);
  }
  return out;
}

function convertMap(ctx: Ctx, pairs: Pair<Node | null, Node | null>[], path: Array<string | number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Keys seen are those of `out`, plus the few dropped by !reset (no Map per mapping).
  let dropped: Map<string, number> | undefined;
  let merges: Node[] | undefined;
  for (const pair of pairs) {
    const keyNode = pair.key;
    if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === Scalar.PLAIN) {
      if (pair.value) (merges ??= []).push(pair.value);
      continue;
    }
    const key = keyOf(ctx, keyNode, path);
    const offset = (keyNode ?? pair.value)?.range?.[0] ?? 0;
    const first = dropped?.get(key) ?? (Object.hasOwn(out, key) ? ctx.sources.get(out, key)?.line : undefined);
    if (first !== undefined) {
      const line = keyNode ? at(ctx, keyNode).line : 0;
      throw errorAt(ctx, keyNode, `line ${line}: mapping key "${key}" already defined at line ${first}`);
    }
    path.push(key);
    const value = convert(ctx, pair.value, path);
    path.pop();
    if (value === DROP) {
      (dropped ??= new Map()).set(key, keyNode ? at(ctx, keyNode).line : 0);
      continue;
    }
    assign(out, key, value);
    ctx.sources.setAt(out, key, ctx.fileId, offset);
  }
  if (!merges) return out;
  for (const source of merges) mergeInto(ctx, out, source, path);
  return out;
}

/** `<<: *a`, `<<: [*a, *b]`, or an alias to a sequence of mappings: earlier sources win. */
function mergeInto(ctx: Ctx, out: Record<string, unknown>, source: Node, path: Array<string | number>): void {
  const resolved = isAlias(source) ? ctx.anchors.resolve(source) : source;
  const parts = isSeq(resolved) ? (resolved.items as Node[]) : [source];
  for (const part of parts) {
    const value = convert(ctx, part, path);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw errorAt(ctx, part, 'map merge requires map or sequence of maps as the value');
    }
    for (const [k, v] of Object.entries(value)) {
      if (Object.prototype.hasOwnProperty.call(out, k)) continue;
      assign(out, k, v);
      ctx.sources.copy(value, k, out, k);
    }
  }
}

function keyOf(ctx: Ctx, keyNode: Node | null, path: TreePath): string {
  const node = isAlias(keyNode) ? ctx.anchors.resolve(keyNode) : keyNode;
  if (isScalar(node) && typeof node.value === 'string') return noControls(ctx, node, node.value);
  const shown = isScalar(node) ? String(node.value) : String(node);
  const where = path.length > 0 ? ` in ${path.join('.')}` : '';
  throw errorAt(ctx, keyNode, `non-string key${where}: ${shown}`);
}

/** yaml.v3 (compose-go) reads `0440` as octal, where YAML 1.2 core would say 440. */
function scalarValue(ctx: Ctx, node: Scalar): unknown {
  if (typeof node.value === 'string') return noControls(ctx, node, node.value);
  const src = node.source;
  if (node.type === Scalar.PLAIN && typeof node.value === 'number' && typeof src === 'string') {
    const m = /^([-+]?)0([0-7]+)$/.exec(src.replace(/_/g, ''));
    if (m) return (m[1] === '-' ? -1 : 1) * parseInt(m[2], 8);
  }
  return node.value ?? null;
}

/** C0 controls but TAB, LF and CR (and DEL): no name, path, argument or variable of a container may hold them. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * yaml.v3 refuses raw control characters ("yaml: control characters are not allowed"); an escape
 * in a double-quoted scalar (`"\x01"`) is refused too, so that nothing `config` accepts is one the
 * engine or the kernel refuses later (a NUL cannot be in an argv or environment entry).
 */
function noControls(ctx: Ctx, node: Scalar, value: string): string {
  const m = CONTROL.exec(value);
  if (!m) return value;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  throw errorAt(ctx, node, `yaml: control characters are not allowed: U+${code} in ${JSON.stringify(value)}`);
}

/** Plain assignment, except that a "__proto__" key stays an own property. */
function assign(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function at(ctx: Ctx, node: Node | null | undefined): SourcePos {
  return ctx.sources.posAt(ctx.fileId, node?.range?.[0] ?? 0);
}


function errorAt(ctx: Ctx, node: Node | null | undefined, message: string): SpecError {
  const pos = at(ctx, node);
  return new SpecError(message, { ...pos, sourceLine: ctx.sources.lineText(ctx.file, pos.line) });
}

interface YamlLibError {
  code: string;
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
}

/** The yaml package's error, reworded where compose-go users know another wording. */
function syntaxError(file: string, sources: SourceMap, err: YamlLibError | undefined): SpecError {
  const pos = err?.linePos?.[0] ?? { line: 1, col: 1 };
  const first = (err?.message ?? 'invalid YAML').split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const message =
    err?.code === 'TAB_AS_INDENT' ? `yaml: line ${pos.line}: found a tab character that violates indentation` : `yaml: line ${pos.line}: ${first}`;
  return new SpecError(message, { file, line: pos.line, col: pos.col, sourceLine: sources.lineText(file, pos.line), cause: err });
}
