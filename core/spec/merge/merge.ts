// Merge one file's tree onto the model accumulated from the previous files, with the
// compose-spec merge rules (13-merge.md) as compose-go's override/merge.go implements them:
// mappings deep-merge, sequences append, scalars are replaced, and a table of per-path rules
// (below) for the attributes whose list and map syntaxes must mix or that replace outright.
// The base is modified in place and returned (the loader owns it), as compose-go does.
import { SpecError, formatPath } from '../errors';
import type { TreePath } from '../model-input';
import type { SourceMap } from '../yaml/source-index';
import { isMapping, type Pattern, pattern, type PatternTrie, patternTrie, stepTrie, trieValue } from '../yaml/tree-path';
import { toMapping, toSequence } from './convert';

type Obj = Record<string, unknown>;
export interface MergeContext {
  sources?: SourceMap;
}
type Merger = (base: unknown, over: unknown, path: TreePath, ctx: MergeContext) => unknown;

/** Merge `over` onto `base` (both whole compose trees); returns `base`, modified. */
export function mergeTrees(base: Obj, over: Obj, ctx: MergeContext = {}): Obj {
  return mergeMappings(base, over, [], ctx);
}

/** Merge one service definition onto another, as `extends` does (same rules, service paths). */
export function mergeService(base: Obj, over: Obj, ctx: MergeContext = {}): Obj {
  return mergeMappings(base, over, ['services', 'x'], ctx);
}

/**
 * `rules`: the nodes of the SPECIALS trie that `path` reaches (walked from the root when not
 * given), so nested merges step one segment at a time instead of matching every pattern.
 */
export function mergeValue(base: unknown, over: unknown, path: TreePath, ctx: MergeContext, rules = rulesAt(path)): unknown {
  const special = trieValue(rules);
  if (special) return special(base, over, path, ctx);
  if (over === null || over === undefined) return base;
  if (!compatible(base, over, special)) throw SpecError.at(`cannot override ${formatPath(path)}`, path, ctx.sources);
  if (isMapping(base)) return mergeMappings(base, over as Obj, path, ctx, rules);
  if (Array.isArray(base)) return append(base, over as unknown[], ctx);
  return over;
}

/** compose-go refuses to merge a mapping or a sequence with a value of another shape. */
function compatible(base: unknown, over: unknown, special: Merger | undefined): boolean {
  if (special || over === null || over === undefined) return true;
  if (isMapping(base)) return isMapping(over);
  if (Array.isArray(base)) return Array.isArray(over);
  return true;
}

function mergeMappings(base: Obj, over: Obj, path: TreePath, ctx: MergeContext, rules = rulesAt(path)): Obj {
  for (const k of Object.keys(over)) {
    const v = over[k];
    if (!Object.hasOwn(base, k)) {
      // Nothing to merge with: the overlay's value and position, as they are.
      ctx.sources?.copy(over, k, base, k);
      setOwn(base, k, v);
      continue;
    }
    const here = [...path, k];
    const next = stepTrie(rules, k);
    if (!compatible(base[k], v, trieValue(next))) {
      throw SpecError.entry(`cannot override ${formatPath(here)}`, ctx.sources, over, k, here);
    }
    const merged = mergeValue(base[k], v, here, ctx, next);
    if (merged !== base[k]) ctx.sources?.copy(over, k, base, k);
    setOwn(base, k, merged);
  }
  return base;
}

/** Plain assignment, except that a "__proto__" key stays an own property. */
function setOwn(obj: Obj, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function rulesAt(path: TreePath): PatternTrie<Merger>[] {
  let nodes = [SPECIALS_TRIE];
  for (const seg of path) nodes = stepTrie(nodes, seg);
  return nodes;
}

function append(base: unknown[], over: unknown[], ctx: MergeContext): unknown[] {
  const out = [...base, ...over];
  base.forEach((_, i) => ctx.sources?.copy(base, i, out, i));
  over.forEach((_, i) => ctx.sources?.copy(over, i, out, base.length + i));
  return out;
}

const replace: Merger = (_b, over) => over;

/** environment, labels...: list and map syntaxes mix; both become `KEY=VAL` sequences. */
const toSequenceMerge: Merger = (base, over, _p, ctx) => append(toSequence(base, ctx.sources), toSequence(over, ctx.sources), ctx);

/** extra_hosts: as above, minus entries of the override already present (compose-go). */
const extraHosts: Merger = (base, over, _p, ctx) => {
  const left = toSequence(base, ctx.sources);
  const right = toSequence(over, ctx.sources).filter((v) => !left.includes(v));
  return append(left, right, ctx);
};

/** logging: options merge when the driver is the same (or unset on a side), else replace. */
const logging: Merger = (base, over, path, ctx) => {
  if (!isMapping(base) || !isMapping(over)) return over ?? base;
  const same = !('driver' in over) || !('driver' in base) || over.driver === base.driver;
  return same ? mergeMappings(base, over, path, ctx) : over;
};

/** build: "." is `{context: "."}`. */
const build: Merger = (base, over, path, ctx) => {
  const asMap = (v: unknown): Obj => (typeof v === 'string' ? { context: v } : isMapping(v) ? v : {});
  if (over === null || over === undefined) return base;
  return mergeMappings(asMap(base), asMap(over), path, ctx);
};

/** depends_on: the list form means `{condition: service_started, required: true}` each. */
const dependsOn: Merger = (base, over, path, ctx) => {
  const dflt = () => ({ condition: 'service_started', required: true });
  return mergeMappings(toMapping(base, dflt), toMapping(over, dflt), path, ctx);
};

/** networks / models: the list form means `name: null` each. */
const listOrMap: Merger = (base, over, path, ctx) => mergeMappings(toMapping(base), toMapping(over), path, ctx);

/** ulimits.<name>: each limit is replaced whole (`nproc: 65535` vs `{soft, hard}`). */
const ulimit: Merger = (base, over) => (over === null || over === undefined ? base : over);

/** networks.<n>.ipam.config: entries merged by `subnet` (compose-go mergeIPAMConfig). */
const ipamConfig: Merger = (base, over, path, ctx) => {
  if (!Array.isArray(base) || !Array.isArray(over)) return over ?? base;
  const out: Obj[] = base.filter(isMapping).map((e) => ({ ...e }));
  for (const entry of over.filter(isMapping)) {
    const i = out.findIndex((e) => e.subnet === entry.subnet);
    if (i < 0) out.push(entry);
    else out[i] = mergeMappings(out[i], entry, [...path, i], ctx);
  }
  return out;
};

const TABLE: Array<[string, Merger]> = [
  ['networks.*.ipam.config', ipamConfig],
  ['networks.*.labels', toSequenceMerge],
  ['volumes.*.labels', toSequenceMerge],
  ['services.*.annotations', toSequenceMerge],
  ['services.*.build', build],
  ['services.*.build.args', toSequenceMerge],
  ['services.*.build.additional_contexts', toSequenceMerge],
  ['services.*.build.extra_hosts', extraHosts],
  ['services.*.build.labels', toSequenceMerge],
  ['services.*.command', replace],
  ['services.*.depends_on', dependsOn],
  ['services.*.deploy.labels', toSequenceMerge],
  ['services.*.dns', toSequenceMerge],
  ['services.*.dns_opt', toSequenceMerge],
  ['services.*.dns_search', toSequenceMerge],
  ['services.*.entrypoint', replace],
  ['services.*.env_file', toSequenceMerge],
  ['services.*.label_file', toSequenceMerge],
  ['services.*.environment', toSequenceMerge],
  ['services.*.extra_hosts', extraHosts],
  ['services.*.healthcheck.test', replace],
  ['services.*.labels', toSequenceMerge],
  ['services.*.volumes.*.volume.labels', toSequenceMerge],
  ['services.*.logging', logging],
  ['services.*.models', listOrMap],
  ['services.*.networks', listOrMap],
  ['services.*.sysctls', toSequenceMerge],
  ['services.*.tmpfs', toSequenceMerge],
  ['services.*.ulimits.*', ulimit],
];

const SPECIALS: ReadonlyArray<readonly [Pattern, Merger]> = TABLE.map(([p, m]) => [pattern(p), m] as const);
const SPECIALS_TRIE = patternTrie(SPECIALS);
