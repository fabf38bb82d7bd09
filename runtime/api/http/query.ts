// Query-string parsing with Docker's conventions: booleans are "1"/"true"/"True" (docker-py sends
// "True"/"False"), `filters` is a JSON object of name → string[] (or, from old clients,
// name → {value: true}), integers may be absent.
import { EngineError } from '../../errors';

export type Filters = Record<string, string[]>;

export function queryBool(q: URLSearchParams, name: string, fallback = false): boolean {
  const v = q.get(name);
  if (v === null || v === '') return fallback;
  const l = v.toLowerCase();
  return !(l === '0' || l === 'false' || l === 'no');
}

export function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new EngineError('INVALID_ARGUMENT', `invalid value for "${name}": ${v}`);
  return Math.trunc(n);
}

export function parseFilters(raw: string | null): Filters {
  if (raw === null || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `invalid filter: ${raw}`, { cause: err });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EngineError('INVALID_ARGUMENT', `invalid filter: ${raw}`);
  }
  const out: Filters = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v && typeof v === 'object') out[k] = Object.keys(v).filter((x) => (v as Record<string, unknown>)[x]);
    else throw new EngineError('INVALID_ARGUMENT', `invalid filter "${k}"`);
  }
  return out;
}
