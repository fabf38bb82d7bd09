// Top-level networks, volumes, secrets and configs in long form. External and name follow
// compose-go: `external: {name: x}` (deprecated) becomes name x + external true; `name` is the
// key when external, else `<project>_<key>` (normalize.go setNameFromKey).
import type { NormalizeContext } from './context';
import { compact, isObj, toBool, toLabelMap, type Obj } from './mappings';
import { absPath } from './paths';

function external(r: Obj): void {
  if (r.external === undefined) return;
  if (isObj(r.external)) {
    if (r.external.name !== undefined) {
      if (r.name !== undefined && r.name !== r.external.name) throw new Error(`conflicting parameters "external.name" and "name" specified`);
      r.name = r.external.name;
    }
    r.external = true;
  } else r.external = toBool(r.external);
  if (r.external === false) delete r.external;
}

function scopedName(r: Obj, key: string, ctx: NormalizeContext): void {
  if (!ctx.normalize || r.name !== undefined) return;
  r.name = r.external ? key : `${ctx.projectName}_${key}`;
}

function driverOpts(r: Obj): void {
  if (isObj(r.driver_opts)) r.driver_opts = Object.fromEntries(Object.entries(r.driver_opts).map(([k, v]) => [k, String(v)]));
}

export function normalizeNetwork(key: string, v: unknown, ctx: NormalizeContext): Obj {
  const n: Obj = { ...((v ?? {}) as Obj) };
  external(n);
  driverOpts(n);
  if (n.labels !== undefined) n.labels = toLabelMap(n.labels);
  for (const k of ['internal', 'attachable', 'enable_ipv4', 'enable_ipv6']) if (n[k] !== undefined) n[k] = toBool(n[k]);
  for (const k of ['internal', 'attachable']) if (n[k] === false) delete n[k];
  scopedName(n, key, ctx);
  return compact(n);
}

export function normalizeVolume(key: string, v: unknown, ctx: NormalizeContext): Obj {
  const n: Obj = { ...((v ?? {}) as Obj) };
  external(n);
  driverOpts(n);
  if (n.labels !== undefined) n.labels = toLabelMap(n.labels);
  // A local volume bound to a host directory: its device is a path (paths/resolve.go).
  const opts = n.driver_opts as Record<string, string> | undefined;
  if (opts?.device && (n.driver === undefined || n.driver === 'local') && /\bbind\b/.test(opts.o ?? '')) {
    n.driver_opts = { ...opts, device: absPath(opts.device, ctx) };
  }
  scopedName(n, key, ctx);
  return compact(n);
}

/** secrets and configs: file resolved; `environment:` fills `content` from the project env. */
export function normalizeFileObject(key: string, v: unknown, ctx: NormalizeContext): Obj {
  const n: Obj = { ...((v ?? {}) as Obj) };
  external(n);
  driverOpts(n);
  if (n.labels !== undefined) n.labels = toLabelMap(n.labels);
  if (typeof n.file === 'string') n.file = absPath(n.file, ctx);
  if (typeof n.environment === 'string') {
    const value = Object.hasOwn(ctx.env, n.environment) ? ctx.env[n.environment] : undefined;
    if (value !== undefined) n.content = value;
  }
  scopedName(n, key, ctx);
  return compact(n);
}
