// Per-attribute short → long conversions of a service, as compose-go's transform/*.go and the
// types' decoders (ShellCommand, UnitBytes, Duration, HealthCheckTest, DependsOnConfig...) do.
import type { NormalizeContext } from './context';
import { compact, isObj, toBool, toEnvMap, toFloat, toHostsMap, toInt, toLabelMap, toList, type Obj } from './mappings';
import { absPath, contextPath } from './paths';
import { normalizePortObject, parsePort } from './ports';
import { shellSplit } from './shell-words';
import { formatDuration, parseBytes, parseDuration } from './units';
import { cleanTarget, parseVolume, type VolumeConfig } from './volumes';

export type Convert = (v: unknown, ctx: NormalizeContext) => unknown;

/** Run `fn` on each item; a failure names the item's index (`ports[1]: ...`). */
function eachItem<T>(items: unknown[], fn: (item: unknown) => T): T[] {
  return items.map((item, i) => {
    try {
      return fn(item);
    } catch (err) {
      throw Object.assign(new Error(`[${i}]: ${(err as Error).message}`, { cause: err }), { index: i });
    }
  });
}

/** ShellCommand: a string is split into words (exec form), null stays unset, [] clears. */
export const command: Convert = (v) => (v === null || v === undefined ? undefined : typeof v === 'string' ? shellSplit(v) : (v as unknown[]).map(String));
export const duration: Convert = (v) => formatDuration(parseDuration(v as string));
export const bytes: Convert = (v) => parseBytes(v as string | number);
export const bool: Convert = (v) => toBool(v);
export const int: Convert = (v) => toInt(v);
export const float: Convert = (v) => toFloat(v);
export const list: Convert = (v) => toList(v);
export const labels: Convert = (v) => toLabelMap(v);
export const hosts: Convert = (v) => toHostsMap(v);

export const healthcheck: Convert = (v) => {
  const h = { ...(v as Obj) };
  // A string test runs in a shell, as compose-go HealthCheckTest decodes it.
  if (typeof h.test === 'string') h.test = ['CMD-SHELL', h.test];
  for (const k of ['interval', 'timeout', 'start_period', 'start_interval']) if (h[k] !== undefined) h[k] = duration(h[k], undefined as never);
  if (h.retries !== undefined) h.retries = toInt(h.retries);
  if (h.disable !== undefined) h.disable = toBool(h.disable);
  return h;
};

export const dependsOn: Convert = (v) => {
  const out: Record<string, Obj> = {};
  if (Array.isArray(v)) {
    for (const name of v) out[String(name)] = { condition: 'service_started', required: true };
    return out;
  }
  for (const [name, dep] of Object.entries(v as Obj)) {
    const d = { ...(dep as Obj) };
    d.condition ??= 'service_started';
    d.required = d.required === undefined ? true : toBool(d.required);
    if (d.restart !== undefined) d.restart = toBool(d.restart);
    if (d.restart === false) delete d.restart;
    out[name] = d;
  }
  return out;
};

export const envFile: Convert = (v, ctx) => {
  const items = Array.isArray(v) ? v : [v];
  return items.map((item) => {
    const e: Obj = typeof item === 'string' ? { path: item } : { ...(item as Obj) };
    e.path = absPath(String(e.path), ctx);
    e.required = e.required === undefined ? true : toBool(e.required);
    return e;
  });
};

export const labelFile: Convert = (v, ctx) => toList(v).map((p) => absPath(p, ctx));

export const ports: Convert = (v) => {
  const out = eachItem(v as unknown[], (p) => (isObj(p) ? [normalizePortObject(p)] : parsePort(p as string | number))).flat();
  return uniqueBy(out, (p) => `${p.host_ip ?? ''}:${p.published ?? ''}:${p.target}/${p.protocol}`);
};

export const volumes: Convert = (v, ctx) => {
  const out = eachItem(v as unknown[], (item) => {
    const vol: VolumeConfig = typeof item === 'string' ? parseVolume(item) : longVolume(item as Obj);
    if (vol.type === 'bind' && vol.source !== undefined) vol.source = absPath(vol.source, ctx);
    return vol;
  });
  return uniqueBy(out, (x) => x.target ?? JSON.stringify(x));
};

function longVolume(v: Obj): VolumeConfig {
  const vol = { ...v } as VolumeConfig & Obj;
  if (typeof vol.target === 'string') vol.target = cleanTarget(vol.target);
  if (vol.read_only !== undefined) vol.read_only = toBool(vol.read_only);
  if (vol.read_only === false) delete vol.read_only;
  if (vol.bind) {
    vol.bind = { ...vol.bind };
    vol.bind.create_host_path = vol.bind.create_host_path === undefined ? true : toBool(vol.bind.create_host_path);
  } else if (vol.type === 'bind') vol.bind = { create_host_path: true };
  if (vol.volume?.nocopy !== undefined) vol.volume = { ...vol.volume, nocopy: toBool(vol.volume.nocopy) };
  if (vol.volume?.labels !== undefined) vol.volume = { ...vol.volume, labels: toLabelMap(vol.volume.labels) };
  if (vol.tmpfs) {
    const t = { ...vol.tmpfs } as Obj;
    if (t.size !== undefined) t.size = parseBytes(t.size as string | number);
    if (t.mode !== undefined) t.mode = typeof t.mode === 'string' ? parseInt(t.mode, 8) : t.mode;
    vol.tmpfs = t as VolumeConfig['tmpfs'];
  }
  return vol;
}

/** Later duplicates replace the first at its position, as compose-go EnforceUnicity. */
export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const index = new Map<string, number>();
  const out: T[] = [];
  for (const it of items) {
    const k = key(it);
    const at = index.get(k);
    if (at === undefined) {
      index.set(k, out.length);
      out.push(it);
    } else out[at] = it;
  }
  return out;
}

/** secrets/configs of a service: a name → {source}; secrets get their default target. */
export function fileRefs(defaultTarget: boolean): Convert {
  return (v) => (v as unknown[]).map((item) => {
    const r: Obj = typeof item === 'string' ? { source: item } : { ...(item as Obj) };
    if (defaultTarget && r.target === undefined) r.target = `/run/secrets/${String(r.source)}`;
    if (r.mode !== undefined) r.mode = typeof r.mode === 'string' ? parseInt(r.mode, 8) : r.mode;
    for (const k of ['uid', 'gid']) if (r[k] !== undefined) r[k] = String(r[k]);
    return r;
  });
}

export const networks: Convert = (v) => {
  if (Array.isArray(v)) return Object.fromEntries(v.map((n) => [String(n), null]));
  const out: Record<string, unknown> = {};
  for (const [k, n] of Object.entries(v as Obj)) out[k] = n === null ? null : { ...(n as Obj) };
  return out;
};

export const ulimits: Convert = (v) => {
  const out: Record<string, unknown> = {};
  for (const [k, u] of Object.entries(v as Obj)) {
    out[k] = isObj(u) ? { ...u, soft: toInt(u.soft), hard: toInt(u.hard) } : toInt(u);
  }
  return out;
};

export const devices: Convert = (v) => eachItem(v as unknown[], (d) => {
  if (isObj(d)) return compact({ ...d, permissions: d.permissions ?? 'rwm', target: d.target ?? d.source });
  const parts = String(d).split(':');
  if (parts.length > 3) throw new Error(`confusing device mapping, please use long syntax: ${String(d)}`);
  return { source: parts[0], target: parts[1] ?? parts[0], permissions: parts[2] ?? 'rwm' };
});

/** gpus: "all" is one request for every device (count -1), as compose-go's transform/gpus.go. */
export const gpus: Convert = (v) => (v === 'all' ? [{ count: -1 }] : (v as Obj[]).map(deviceRequest));

export function deviceRequest(d: Obj): Obj {
  const r = { ...d };
  if (r.count !== undefined) r.count = r.count === 'all' ? -1 : toInt(r.count);
  if (r.options !== undefined) r.options = toLabelMap(r.options);
  return r;
}

export function buildConfig(v: unknown, ctx: NormalizeContext): Obj {
  const b: Obj = typeof v === 'string' ? { context: v } : { ...(v as Obj) };
  b.context = contextPath(String(b.context ?? '.'), ctx);
  if (ctx.normalize && b.dockerfile === undefined && b.dockerfile_inline === undefined) b.dockerfile = 'Dockerfile';
  if (b.args !== undefined) b.args = toEnvMap(b.args);
  if (b.labels !== undefined) b.labels = toLabelMap(b.labels);
  if (b.additional_contexts !== undefined) {
    const ac = toLabelMap(b.additional_contexts);
    for (const k of Object.keys(ac)) ac[k] = contextPath(ac[k]!, ctx);
    b.additional_contexts = ac;
  }
  if (b.ssh !== undefined) b.ssh = Array.isArray(b.ssh) ? b.ssh : Object.entries(b.ssh as Obj).map(([k, p]) => (p === null ? k : `${k}=${String(p)}`));
  if (b.extra_hosts !== undefined) b.extra_hosts = toHostsMap(b.extra_hosts);
  if (b.shm_size !== undefined) b.shm_size = parseBytes(b.shm_size as string);
  for (const k of ['no_cache', 'privileged', 'pull']) if (b[k] !== undefined) b[k] = toBool(b[k]);
  if (b.no_cache_filter !== undefined) b.no_cache_filter = toList(b.no_cache_filter);
  if (b.secrets !== undefined) b.secrets = fileRefs(true)(b.secrets, ctx);
  if (b.ulimits !== undefined) b.ulimits = ulimits(b.ulimits, ctx);
  return b;
}
