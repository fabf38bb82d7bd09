// GET /containers/json filters, as Docker applies them: each key ORs its values, keys AND.
import { EngineError } from '../errors';
import type { ContainerRecord } from './record';

export type ListFilters = Record<string, string[]>;

const KNOWN = new Set(['id', 'name', 'label', 'status', 'exited', 'ancestor', 'network', 'volume']);

/** Docker's filters come as {"label": ["a=b"]} or the older {"label": {"a=b": true}}. */
export function normalizeFilters(raw: Record<string, string[] | Record<string, boolean>> | undefined): ListFilters {
  const out: ListFilters = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (!KNOWN.has(k)) throw new EngineError('INVALID_ARGUMENT', `invalid filter '${k}'`);
    out[k] = Array.isArray(v) ? v : Object.keys(v).filter((x) => v[x]);
  }
  return out;
}

function labelMatch(labels: Record<string, string>, f: string): boolean {
  const i = f.indexOf('=');
  if (i < 0) return f in labels;
  return labels[f.slice(0, i)] === f.slice(i + 1);
}

export function matches(rec: ContainerRecord, f: ListFilters): boolean {
  const labels = rec.config.Labels ?? {};
  const test = (key: string, pred: (v: string) => boolean, all = false): boolean => {
    const vals = f[key];
    if (!vals || vals.length === 0) return true;
    return all ? vals.every(pred) : vals.some(pred);
  };
  return test('id', (v) => rec.id.startsWith(v))
    // name filters are regular expressions over the name, as Docker's.
    && test('name', (v) => new RegExp(v.replace(/^\//, '')).test(rec.name))
    && test('label', (v) => labelMatch(labels, v), true)
    && test('status', (v) => rec.state.status === v)
    && test('exited', (v) => rec.state.status === 'exited' && rec.state.exitCode === Number(v))
    && test('ancestor', (v) => rec.image === v || rec.imageId === v || rec.imageId.replace(/^sha256:/, '').startsWith(v.replace(/^sha256:/, '')))
    && test('volume', (v) => rec.mounts.some((m) => m.destination === v || m.source === v))
    && test('network', (v) => (rec.hostConfig.NetworkMode ?? 'default') === v || v in (rec.networkSettings?.Networks ?? {}));
}
