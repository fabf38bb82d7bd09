// Make the relative paths of a (raw, possibly short-syntax) tree absolute against `baseDir`, as
// compose-go's paths.ResolveRelativePaths does. The loader needs it before merging a service
// extended from another file, or an included file, whose paths are relative to *that* file's
// directory; the back half may call it on the final model against the project directory.
// Remote build contexts (URLs, git refs, `service:` contexts) are left as they are.
import { posix } from 'node:path';
import { isMapping } from '../yaml/tree-path';

type Obj = Record<string, unknown>;

export interface ResolveOptions {
  /** For `~` in paths. */
  home?: string;
}

/** Resolve every known path attribute of `tree` in place; returns `tree`. */
export function resolveRelativePaths(tree: Obj, baseDir: string, opts: ResolveOptions = {}): Obj {
  const abs = (p: string): string => absPath(p, baseDir, opts.home);
  if (isMapping(tree.services)) for (const svc of Object.values(tree.services)) if (isMapping(svc)) resolveService(svc, abs);
  for (const kind of ['configs', 'secrets'] as const) {
    const section = tree[kind];
    if (!isMapping(section)) continue;
    for (const def of Object.values(section)) if (isMapping(def) && typeof def.file === 'string') def.file = abs(def.file);
  }
  if (isMapping(tree.volumes)) for (const vol of Object.values(tree.volumes)) if (isMapping(vol)) resolveVolumeDevice(vol, abs);
  if (Array.isArray(tree.include)) tree.include = tree.include.map((entry) => resolveInclude(entry, abs));
  return tree;
}

/** `~` → home, relative → joined to base (and cleaned), absolute kept. */
export function absPath(p: string, baseDir: string, home?: string): string {
  if (p.startsWith('~') && home !== undefined) return posix.join(home, p.slice(1));
  if (posix.isAbsolute(p)) return p;
  return posix.join(baseDir, p);
}

/** git and OCI references, which compose-go hands to its remote resource loaders. */
export function isRemoteResource(p: string): boolean {
  return p.includes('://') || p.startsWith('git@');
}

/** A build context that is not a local directory (compose-go paths/context.go). */
export function isRemoteContext(v: string): boolean {
  if (v.includes('://') || v.startsWith('service:')) return true;
  return ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'].some((p) => v.startsWith(p));
}

function resolveService(svc: Obj, abs: (p: string) => string): void {
  const ctx = (p: string): string => (isRemoteContext(p) ? p : abs(p));
  if (typeof svc.build === 'string') svc.build = ctx(svc.build);
  else if (isMapping(svc.build)) resolveBuild(svc.build, ctx);
  if (svc.env_file !== undefined) svc.env_file = mapPaths(svc.env_file, abs, 'path');
  if (svc.label_file !== undefined) svc.label_file = mapPaths(svc.label_file, abs);
  if (isMapping(svc.extends) && typeof svc.extends.file === 'string' && !isRemoteContext(svc.extends.file)) {
    svc.extends.file = abs(svc.extends.file);
  }
  if (Array.isArray(svc.volumes)) svc.volumes = svc.volumes.map((v) => resolveMount(v, abs));
  const develop = svc.develop;
  if (isMapping(develop) && Array.isArray(develop.watch)) {
    for (const w of develop.watch) if (isMapping(w) && typeof w.path === 'string') w.path = abs(w.path);
  }
}

function resolveBuild(build: Obj, ctx: (p: string) => string): void {
  if (typeof build.context === 'string') build.context = ctx(build.context);
  const extra = build.additional_contexts;
  if (isMapping(extra)) {
    for (const [k, v] of Object.entries(extra)) if (typeof v === 'string') extra[k] = ctx(v);
  } else if (Array.isArray(extra)) {
    build.additional_contexts = extra.map((e) => {
      if (typeof e !== 'string' || !e.includes('=')) return e;
      const i = e.indexOf('=');
      return `${e.slice(0, i)}=${ctx(e.slice(i + 1))}`;
    });
  }
}

/** A string, a list of strings, or a list of `{<field>: path}` mappings. */
function mapPaths(value: unknown, abs: (p: string) => string, field?: string): unknown {
  if (typeof value === 'string') return abs(value);
  if (!Array.isArray(value)) return value;
  return value.map((e) => {
    if (typeof e === 'string') return abs(e);
    if (field && isMapping(e) && typeof e[field] === 'string') return { ...e, [field]: abs(e[field] as string) };
    return e;
  });
}

/** Short `src:dst[:mode]` with a path-like source, or long `{type: bind, source}`. */
function resolveMount(v: unknown, abs: (p: string) => string): unknown {
  if (isMapping(v)) {
    if (v.type === 'bind' && typeof v.source === 'string' && v.source !== '') v.source = abs(v.source);
    return v;
  }
  if (typeof v !== 'string') return v;
  const i = v.indexOf(':');
  if (i <= 0) return v;
  const source = v.slice(0, i);
  if (!/^(\.|~)/.test(source)) return v;
  // Still a path to the short syntax when resolved against a relative base (--no-path-resolution).
  const resolved = abs(source);
  return (/^[./]/.test(resolved) ? resolved : `./${resolved}`) + v.slice(i);
}

/** A local volume whose driver_opts bind a host directory (`o: bind`). */
function resolveVolumeDevice(vol: Obj, abs: (p: string) => string): void {
  const opts = vol.driver_opts;
  if (!isMapping(opts) || typeof opts.device !== 'string') return;
  if ((vol.driver ?? 'local') !== 'local' || !String(opts.o ?? '').split(',').includes('bind')) return;
  opts.device = abs(opts.device);
}

function resolveInclude(entry: unknown, abs: (p: string) => string): unknown {
  if (typeof entry === 'string') return abs(entry);
  if (!isMapping(entry)) return entry;
  const out: Obj = { ...entry };
  out.path = mapPaths(entry.path, abs);
  if (typeof entry.project_directory === 'string') out.project_directory = abs(entry.project_directory);
  if (entry.env_file !== undefined) out.env_file = mapPaths(entry.env_file, abs);
  return out;
}
