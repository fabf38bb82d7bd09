// After a merge, sequences whose entries are identified by a key keep one entry per key: the
// later definition wins, at the position of the first (compose-go override/uncity.go).
// Keys are computed so that short and long syntaxes of the same entry collide (a port
// "8080:80" and {published: 8080, target: 80}), since we merge before the back half converts
// short syntax to long.
import type { TreePath } from '../model-input';
import type { SourceMap } from '../yaml/source-index';
import { isMapping, lookup, type Pattern, pattern } from '../yaml/tree-path';
import { portKey, volumeTarget } from './short-syntax';

type Indexer = (entry: unknown, path: TreePath) => string;

/**
 * A key no other entry has: malformed entries (a mapping in `environment`, a volume without
 * target) are kept as they are, for the schema validation to report with its position,
 * where compose-go stops here with a terser message.
 */
const unique = (path: TreePath): string => `\u0000${String(path[path.length - 1])}`;

/** Collapse keyed sequences of the whole tree, in place; returns the tree. */
export function enforceUnicity(tree: Record<string, unknown>, sources?: SourceMap): Record<string, unknown> {
  walk(tree, [], sources);
  return tree;
}

function walk(value: unknown, path: TreePath, sources?: SourceMap): unknown {
  if (isMapping(value)) {
    for (const [k, v] of Object.entries(value)) {
      const next = walk(v, [...path, k], sources);
      if (next !== v) value[k] = next;
    }
    return value;
  }
  if (!Array.isArray(value)) return value;
  const indexer = lookup(INDEXERS, path);
  if (!indexer) return value;
  const out: unknown[] = [];
  const at = new Map<string, number>();
  value.forEach((entry, i) => {
    const key = indexer(entry, [...path, i]);
    const j = at.get(key);
    if (j === undefined) {
      at.set(key, out.length);
      sources?.copy(value, i, out, out.length);
      out.push(entry);
    } else {
      sources?.copy(value, i, out, j);
      out[j] = entry;
    }
  });
  return out;
}

const keyValue: Indexer = (entry, path) => {
  if (typeof entry === 'string') return entry.split('=', 1)[0];
  if (typeof entry === 'number' || typeof entry === 'boolean') return String(entry);
  return unique(path);
};

const volume: Indexer = (entry, path) => {
  if (isMapping(entry)) return typeof entry.target === 'string' ? entry.target : unique(path);
  return typeof entry === 'string' ? volumeTarget(entry) : unique(path);
};

const device: Indexer = (entry, path) => {
  if (isMapping(entry)) return typeof entry.target === 'string' ? entry.target : unique(path);
  if (typeof entry !== 'string') return unique(path);
  const parts = entry.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
};

const expose: Indexer = (entry, path) => (typeof entry === 'string' || typeof entry === 'number' ? String(entry) : unique(path));

const port: Indexer = (entry, path) => (isMapping(entry) || typeof entry === 'string' || typeof entry === 'number' ? portKey(entry) : unique(path));

/** secrets/configs: by target, whose default is `<dir>/<source>`. */
const mount =
  (dir: string): Indexer =>
  (entry, path) => {
    if (typeof entry === 'string') return `${dir}/${entry}`;
    if (!isMapping(entry)) return unique(path);
    if (typeof entry.target === 'string') return entry.target;
    return typeof entry.source === 'string' ? `${dir}/${entry.source}` : unique(path);
  };

const envFile: Indexer = (entry, path) => {
  if (typeof entry === 'string') return entry;
  return isMapping(entry) && typeof entry.path === 'string' ? entry.path : unique(path);
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

const INDEXERS: ReadonlyArray<readonly [Pattern, Indexer]> = TABLE.map(([p, f]) => [pattern(p), f] as const);
