// list_or_dict and friends → one mapping, as compose-go's types (Mapping, MappingWithEquals,
// Labels, HostsList) decode them. Later entries win, as in a merge.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Scalars as compose prints them in string maps: numbers and booleans as text. */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/**
 * environment / build.args: "K=V" → V, bare "K" → null (resolved later from the project env);
 * mapping values null stay null, others become text.
 */
export function toEnvMap(v: unknown): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      const i = s.indexOf('=');
      if (i < 0) out[s] = null;
      else out[s.slice(0, i)] = s.slice(i + 1);
    }
  } else if (isObj(v)) {
    for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? null : scalarText(val);
  }
  return out;
}

/** labels / annotations / sysctls: like environment but a bare key means "" (Labels type). */
export function toLabelMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(toEnvMap(v))) out[k] = val ?? '';
  return out;
}

/**
 * extra_hosts: "host:ip", "host=ip" ("=" tried first, IPv6 values contain ':'), comma-separated
 * ips, or {host: ip | [ip]} → {host: [ip...]}, brackets dropped, as compose-go's HostsList.
 */
export function toHostsMap(v: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (host: string, ips: string): void => {
    if (host === '' || /[:=]/.test(host)) throw new Error(`bad host name '${host}'`);
    const list = (out[host] ??= []);
    for (const ip of ips.split(',')) {
      const clean = ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
      if (!list.includes(clean)) list.push(clean);
    }
  };
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      // "=" is the separator when present (IPv6 values contain ':'), else the first ':'.
      const i = s.includes('=') ? s.indexOf('=') : s.indexOf(':');
      if (i < 0) throw new Error(`invalid additional host, missing IP address: ${s}`);
      add(s.slice(0, i), s.slice(i + 1));
    }
  } else if (isObj(v)) {
    for (const [host, ips] of Object.entries(v)) for (const ip of Array.isArray(ips) ? ips : [ips]) add(host, String(ip ?? ''));
  }
  return out;
}

/** string_or_list → list. */
export function toList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(scalarText) : [scalarText(v)];
}

/** "true"/"false" strings left by interpolation → booleans (the front half casts most). */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  return s === 'true' || s === 'yes' || s === 'y' || s === 'on' || s === '1';
}

export function toInt(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw new Error(`invalid number: ${JSON.stringify(v)}`);
  return Math.trunc(n);
}

export function toFloat(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw new Error(`invalid number: ${JSON.stringify(v)}`);
  return n;
}

/** Drop keys whose value is undefined (so printers and hashes never see them). */
export function compact<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
