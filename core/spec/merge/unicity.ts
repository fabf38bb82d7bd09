// After a merge, sequences whose entries are identified by a key keep one entry per key: the
// later definition wins, at the position of the first (compose-go override/uncity.go).
// Keys are computed so that short and long syntaxes of the same entry collide (a port
// "8080:80" and {published: 8080, target: 80}), since we merge before the back half converts
// short syntax to long.
import type { SourceMap } from '../yaml/source-index';
import { isMapping } from '../yaml/tree-path';
import { portKey, volumeTarget } from './short-syntax';

/** An entry's identity; `index` is its place in the sequence (for entries without identity). */
type Indexer = (entry: unknown, index: number) => string;

/**
 * A key no other entry has: malformed entries (a mapping in `environment`, a volume without
 * target) are kept as they are, for the schema validation to report with its position,
 * where compose-go stops here with a terser message.
 */
const unique = (index: number): string => `\u0000${String(index)}`;

/** The TABLE below as a tree of keys ('*' = any key), so a walk visits only what may match. */
interface RuleTree {
  [key: string]: RuleTree | Indexer;
}

/**
 * Collapse keyed sequences of the whole tree, in place; returns the tree. With `changed` (the
 * document just merged into `tree`), only the paths it has are visited: the rest of `tree` was
 * already collapsed when it was merged, and a merge only changes the paths its overlay holds.
 */
export function enforceUnicity(tree: Record<string, unknown>, sources?: SourceMap, changed?: Record<string, unknown>): Record<string, unknown> {
  walk(tree, changed ?? tree, RULES, sources);
  return tree;
}

function walk(value: Record<string, unknown>, changed: Record<string, unknown>, rules: RuleTree, sources?: SourceMap): void {
  const star = Object.hasOwn(rules, '*') ? rules['*'] : undefined;
  for (const k of Object.keys(changed)) {
    const rule = Object.hasOwn(rules, k) ? rules[k] : star;
    if (rule === undefined || !Object.hasOwn(value, k)) continue;
    const v = value[k];
    if (typeof rule === 'function') {
      if (Array.isArray(v)) value[k] = collapse(v, rule, sources);
      continue;
    }
    const c = changed === value ? v : changed[k];
    if (isMapping(v)) walk(v, isMapping(c) ? c : v, rule, sources);
  }
}

/** The sequence itself when no two entries share a key (the usual case): nothing to copy. */
function collapse(value: unknown[], indexer: Indexer, sources?: SourceMap): unknown[] {
  const keys = value.map((entry, i) => indexer(entry, i));
  if (new Set(keys).size === keys.length) return value;
  const out: unknown[] = [];
  const at = new Map<string, number>();
  for (let i = 0; i < value.length; i++) {
    const entry = value[i];
    const key = keys[i]!;
    const j = at.get(key);
    if (j === undefined) {
      at.set(key, out.length);
      sources?.copy(value, i, out, out.length);
      out.push(entry);
    } else {
      sources?.copy(value, i, out, j);
      out[j] = entry;
    }
  }
  return out;
}

const keyValue: Indexer = (entry, index) => {
  if (typeof entry === 'string') return entry.split('=', 1)[0];
  if (typeof entry === 'number' || typeof entry === 'boolean') return String(entry);
  return unique(index);
};

const volume: Indexer = (entry, index) => {
  if (isMapping(entry)) return typeof entry.target === 'string' ? entry.target : unique(index);
  return typeof entry === 'string' ? volumeTarget(entry) : unique(index);
};

const device: Indexer = (entry, index) => {
  if (isMapping(entry)) return typeof entry.target === 'string' ? entry.target : unique(index);
  if (typeof entry !== 'string') return unique(index);
  const parts = entry.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
};

const expose: Indexer = (entry, index) => (typeof entry === 'string' || typeof entry === 'number' ? String(entry) : unique(index));

const port: Indexer = (entry, index) => (isMapping(entry) || typeof entry === 'string' || typeof entry === 'number' ? portKey(entry) : unique(index));

/** secrets/configs: by target, whose default is `<dir>/<source>`. */
const mount =
  (dir: string): Indexer =>
  (entry, index) => {
    if (typeof entry === 'string') return `${dir}/${entry}`;
    if (!isMapping(entry)) return unique(index);
    if (typeof entry.target === 'string') return entry.target;
    return typeof entry.source === 'string' ? `${dir}/${entry.source}` : unique(index);
  };

const envFile: Indexer = (entry, index) => {
  if (typeof entry === 'string') return entry;
  return isMapping(entry) && typeof entry.path === 'string' ? entry.path : unique(index);
};

const TABLE: Array<[string, Indexer]> = [
  ['networks.*.labels', keyValue],
  ['networks.*.ipam.options', keyValue],
  ['volumes.*.labels', keyValue],
  ['services.*.annotations', keyValue],
  ['services.*.build.args', keyValue],
  ['services.*.build.additional_contexts', keyValue],
  ['services.*.build.platform', keyValue],
  ['services.*.build.tags', keyValue],
  ['services.*.build.labels', keyValue],
  ['services.*.cap_add', keyValue],
  ['services.*.cap_drop', keyValue],
  ['services.*.configs', mount('')],
  ['services.*.deploy.labels', keyValue],
  ['services.*.devices', device],
  ['services.*.dns', keyValue],
  ['services.*.dns_opt', keyValue],
  ['services.*.dns_search', keyValue],
  ['services.*.environment', keyValue],
  ['services.*.env_file', envFile],
  ['services.*.expose', expose],
  ['services.*.labels', keyValue],
  ['services.*.links', keyValue],
  ['services.*.networks.*.aliases', keyValue],
  ['services.*.networks.*.link_local_ips', keyValue],
  ['services.*.ports', port],
  ['services.*.profiles', keyValue],
  ['services.*.secrets', mount('/run/secrets')],
  ['services.*.sysctls', keyValue],
  ['services.*.tmpfs', keyValue],
  ['services.*.volumes', volume],
];

const RULES: RuleTree = ruleTree(TABLE);

function ruleTree(table: ReadonlyArray<readonly [string, Indexer]>): RuleTree {
  const root: RuleTree = {};
  for (const [pat, indexer] of table) {
    const segs = pat.split('.');
    let node = root;
    for (const seg of segs.slice(0, -1)) {
      const next = Object.hasOwn(node, seg) ? node[seg] : undefined;
      if (typeof next === 'function') throw new Error(`unicity table: ${pat} is under another rule`);
      node = next ?? (node[seg] = {});
    }
    node[segs[segs.length - 1]!] = indexer;
  }
  return root;
}
