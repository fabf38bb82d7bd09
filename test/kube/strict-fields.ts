// Test support: unknown fields, as `kubectl apply` refuses them (its default --validate=strict).
// kubernetes-models validates types and required fields but lets unknown ones through, so this walks
// an object along the property lists of the same models' declaration files and names any field the
// Kubernetes API does not define.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const modules = fileURLToPath(new URL('../../node_modules/', import.meta.url));

interface Shape {
  /** property → the declaration file of its type (undefined for a leaf: string, number, map). */
  props: Map<string, string | undefined>;
}

/** Reads one model's declaration file: its interface's properties and where their types live. */
function shapeOf(file: string, cache: Map<string, Shape | undefined>): Shape | undefined {
  if (cache.has(file)) return cache.get(file);
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports.set(m[1]!, resolveImport(file, m[2]!));
  const body = /^export interface I\w+(?: extends (\w+))? \{\n([\s\S]*?)^\}/m.exec(text);
  let shape: Shape | undefined;
  if (body) {
    const props = new Map<string, string | undefined>();
    if (body[1] === 'TypeMeta') ['apiVersion', 'kind'].forEach((k) => props.set(k, undefined));
    for (const m of body[2]!.matchAll(/^ {4}"([^"]+)"\??: (?:Array<)?(\w+)?/gm)) props.set(m[1]!, m[2] ? imports.get(m[2]) : undefined);
    shape = { props };
  }
  cache.set(file, shape);
  return shape;
}

function resolveImport(from: string, spec: string): string {
  const path = spec.startsWith('.') ? join(dirname(from), spec) : join(modules, spec);
  return path.replace(/\.js$/, '') + '.d.ts';
}

/** The declaration file of a top-level kind, e.g. apps/v1 Deployment. */
export function modelFile(apiVersion: string, kind: string): string {
  // The core group's version is the folder itself (v1); others are group/version folders.
  return join(modules, 'kubernetes-models', apiVersion, `${kind}.d.ts`);
}

/** Paths of the fields that no model declares, e.g. ["spec.template.spec.containers.0.bogus"]. */
export function unknownFields(value: unknown, file: string, path = '', cache = new Map<string, Shape | undefined>()): string[] {
  if (typeof value !== 'object' || value === null || !existsSync(file)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, file, `${path}.${i}`, cache));
  const shape = shapeOf(file, cache);
  if (!shape) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (!shape.props.has(k)) out.push(at);
    else {
      const child = shape.props.get(k);
      if (child) out.push(...unknownFields(v, child, at, cache));
    }
  }
  return out;
}
