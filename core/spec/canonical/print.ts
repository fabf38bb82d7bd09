// The text `berth config` prints: YAML as `docker compose config` writes it (2-space indent,
// sequences indented under their key, no line folding, strings quoted only when they would read
// as another type) or JSON (4-space indent, as compose's --format json).
import { Document, isScalar, visit } from 'yaml';
import { order, type Ordered } from './order';
import { PROJECT, SERVICE, type Shape } from './shapes';

export interface PrintOptions {
  /**
   * Drop env_file once its values are in `environment`, as `docker compose config` does
   * (cli.WithDiscardEnvFile); keep it when the environment was not resolved.
   */
  discardEnvFile?: boolean;
}

/** Secrets' content is never printed; configs' only when written inline (compose-go Marshal*). */
export function printable(project: Record<string, unknown>, opts: PrintOptions = {}): Record<string, unknown> {
  const out = { ...project };
  if (opts.discardEnvFile && project.services) {
    out.services = Object.fromEntries(Object.entries(project.services as Record<string, Record<string, unknown>>).map(([n, svc]) => {
      const { env_file: _e, ...rest } = svc;
      return [n, rest];
    }));
  }
  for (const kind of ['secrets', 'configs'] as const) {
    const src = project[kind] as Record<string, Record<string, unknown>> | undefined;
    if (!src) continue;
    out[kind] = Object.fromEntries(Object.entries(src).map(([k, v]) => {
      if (v.content === undefined || (kind === 'configs' && v.environment === undefined)) return [k, v];
      const { content: _content, ...rest } = v;
      return [k, rest];
    }));
  }
  return out;
}

// yaml.v3 (compose's encoder) still quotes YAML 1.1 booleans and base-60 floats ("12:30") so
// older readers keep them strings (encode.go: isOldBool, isBase60Float).
const OLD_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

export function toYaml(value: unknown, shape: Shape = PROJECT): string {
  const doc = new Document(order(value, shape));
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && (OLD_BOOL.test(node.value) || BASE60.test(node.value))) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, nullStr: 'null' });
}

function toPlain(o: Ordered): unknown {
  if (o instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of o) out[k] = toPlain(v);
    return out;
  }
  if (Array.isArray(o)) return o.map(toPlain);
  return o;
}

/** JSON with json.MarshalIndent's 2-space indent and, like it, no final newline. */
export function toJson(value: unknown, shape: Shape = PROJECT): string {
  return JSON.stringify(toPlain(order(value, shape)), null, 2);
}

/** Project JSON: compose-go marshals the top level as a Go map, so its keys come sorted. */
const PROJECT_JSON: Shape = { ...PROJECT, order: [] } as Shape;

/** Ordered plain object (for hashing and for callers wanting the canonical shape as data). */
export function canonicalService(svc: unknown): unknown {
  return toPlain(order(svc, SERVICE));
}

/**
 * The project as `docker compose config` prints it. Literal `$` are doubled so the output can be
 * loaded again (compose's escapeDollarSign), unless the caller printed uninterpolated text.
 */
export function printProject(project: Record<string, unknown>, format: 'yaml' | 'json', opts: PrintOptions = {}): string {
  const p = printable(project, opts);
  const text = format === 'json' ? toJson(p, PROJECT_JSON) : toYaml(p);
  return text.replaceAll('$', '$$$$');
}
