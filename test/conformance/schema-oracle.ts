// Test support: the official Compose JSON schema (compose-go's superset) compiled with ajv, the
// oracle the zod model is compared against. Tests only: the loader itself never uses ajv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

export type Oracle = (tree: unknown) => boolean;

/** ../shared/compose-spec next to this repository, read in place. */
export const SCHEMA_PATH = fileURLToPath(new URL('../../../shared/compose-spec/compose-spec.compose-go.json', import.meta.url));

export function loadOracle(schemaPath = SCHEMA_PATH): Oracle {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  const validate = ajv.compile(schema);
  return (tree) => validate(tree);
}

/** Every path to a node of a plain tree (mappings and sequences), root excluded. */
export function allPaths(tree: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(tree)) {
    tree.forEach((v, i) => { out.push([...prefix, i]); allPaths(v, [...prefix, i], out); });
  } else if (tree && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) { out.push([...prefix, k]); allPaths(v, [...prefix, k], out); }
  }
  return out;
}

/** A deep copy with the node at `path` replaced by `value` (or removed when value is REMOVE). */
export const REMOVE = Symbol('remove');
export function withNode(tree: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(tree) as Record<string | number, unknown>;
  let cur = copy;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else cur[last] = value;
  return copy;
}

/** Mutations of one tree: every node retyped, removed, and unknown/x- keys added to mappings. */
export function* mutations(tree: unknown, limit = 400): Generator<{ label: string; tree: unknown }> {
  const paths = allPaths(tree);
  const step = Math.max(1, Math.floor(paths.length / limit));
  const replacements: unknown[] = [42, 1.5, -3, 'text', true, null, [], ['a'], {}, { nope: 1 }];
  for (let i = 0; i < paths.length; i += step) {
    const p = paths[i]!;
    const r = replacements[i % replacements.length];
    yield { label: `${p.join('.')} := ${JSON.stringify(r)}`, tree: withNode(tree, p, r) };
    yield { label: `${p.join('.')} removed`, tree: withNode(tree, p, REMOVE) };
    const node = p.reduce<unknown>((n, s) => (n as Record<string | number, unknown>)[s], tree);
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      yield { label: `${p.join('.')} + bogus key`, tree: withNode(tree, [...p, 'bogus_key'], 'v') };
      yield { label: `${p.join('.')} + x- key`, tree: withNode(tree, [...p, 'x-ext'], { any: 1 }) };
    }
  }
}
