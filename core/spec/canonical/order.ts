// A normalised tree → the same data as ordered JS Maps (struct fields in Go order, extension keys
// after them, map keys sorted as yaml.v3 sorts them), with compose's print-time conversions:
// OptOut booleans dropped when true, extra_hosts as "host=ip" lines, file modes in octal.
import type { Shape } from './shapes';

export type Ordered = Map<string, Ordered> | Ordered[] | string | number | boolean | null;

/** yaml.v3's key order: runs of digits compare as numbers, the rest as text. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y) && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

type Fix = (v: unknown) => unknown;

/** compose-go UnitBytes marshals as a decimal string (types/bytes.go): mem_limit: "536870912". */
const unitBytes: Fix = (v) => (typeof v === 'number' ? String(v) : v);
const UNIT_BYTES = new Set(['mem_limit', 'mem_reservation', 'memswap_limit', 'mem_swappiness', 'shm_size', 'memory', 'size', 'rate']);

/** Per-key conversions applied while ordering (keyed by the struct field name). */
const PRINT: Record<string, Fix> = {
  // HostsList.MarshalYAML: "host=ip" lines, sort.Strings order.
  extra_hosts: (v) => (Array.isArray(v) ? v : Object.entries(v as Record<string, string[]>).flatMap(([h, ips]) => ips.map((ip) => `${h}=${ip}`)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))),
  mode: (v) => (typeof v === 'number' ? `0${v.toString(8)}` : v),
};

export function order(value: unknown, shape: Shape | undefined): Ordered {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => order(v, shape?.kind === 'list' ? shape.item : undefined));
  if (value === null || typeof value !== 'object') return value as Ordered;
  const obj = value as Record<string, unknown>;
  const out = new Map<string, Ordered>();
  if (shape?.kind === 'struct') {
    for (const k of shape.order) {
      if (obj[k] === undefined || isOptOutDefault(shape, k, obj[k])) continue;
      const fix = UNIT_BYTES.has(k) ? unitBytes : k === 'mode' && !shape.order.includes('uid') ? undefined : PRINT[k];
      out.set(k, order(fix ? fix(obj[k]) : obj[k], shape.fields?.[k]));
    }
    const rest = Object.keys(obj).filter((k) => !shape.order.includes(k) && obj[k] !== undefined).sort(naturalCompare);
    for (const k of rest) out.set(k, order(obj[k], shape.fields?.[k]));
    return out;
  }
  for (const k of Object.keys(obj).sort(naturalCompare)) {
    if (obj[k] === undefined) continue;
    out.set(k, order(obj[k], shape?.kind === 'map' ? shape.value : undefined));
  }
  return out;
}

/** compose-go OptOut fields (default true) are omitted when true: bind.create_host_path, env_file.required. */
function isOptOutDefault(shape: Shape & { kind: 'struct' }, key: string, v: unknown): boolean {
  if (v !== true) return false;
  return (key === 'create_host_path' && shape.order.includes('selinux')) || (key === 'required' && shape.order.includes('path') && shape.order.includes('format'));
}
