// An adapter from a compose tree (parsed, interpolated, merged; before core/spec's typed Project)
// to the reconciler's view. It applies the compose-spec defaults the reconciler relies on:
// the `default` network, `<project>_<key>` resource names, depends_on long syntax and the
// implicit dependencies compose-go adds for links, namespaces and volumes_from.
// The config hash comes from the caller: core/spec's serviceConfigHash once it is wired in.
import { CoreError } from '../errors';
import type { DesiredDependency, DesiredNetwork, DesiredProject, DesiredService, DesiredVolume } from './input';
import { defaultImageName, resourceName } from './naming';
import { canonicalJson } from './canonical-json';
import type { DependsOnCondition } from '../plan/operation';

type Tree = Record<string, unknown>;

export interface FromComposeOptions {
  /** `-p`; else the file's `name:`. */
  projectName?: string;
  profiles?: string[];
  /**
   * Config hash given a canonical form (hash-excluded fields already removed); `what` is
   * `web` for a service, `network:back` / `volume:data` for the resources (compose NetworkHash).
   */
  hash: (what: string, canonical: string) => string;
}

/** Fields compose blanks before hashing (hash.go): changing them never forces a recreate. */
const NOT_HASHED = ['build', 'pull_policy', 'scale', 'depends_on', 'profiles'];

export function fromComposeTree(tree: Tree, options: FromComposeOptions): DesiredProject {
  const name = (options.projectName ?? str(tree.name) ?? '').toLowerCase();
  if (name === '') throw new CoreError('INVALID_ARGUMENT', 'project name is missing: pass -p or set "name:"');
  const rawServices = obj(tree.services);
  const volumeKeys = new Set(Object.keys(obj(tree.volumes)));
  const services: Record<string, DesiredService> = {};
  for (const [key, raw] of Object.entries(rawServices)) services[key] = toService(name, key, obj(raw), volumeKeys, options.hash);
  return {
    name,
    services,
    networks: toNetworks(name, obj(tree.networks), Object.values(services), options.hash),
    volumes: toResources(name, 'volume', obj(tree.volumes), options.hash),
    profiles: options.profiles ?? [],
  };
}

function toService(project: string, name: string, s: Tree, volumeKeys: Set<string>, hash: FromComposeOptions['hash']): DesiredService {
  const parents = namespaceParents(s);
  const dependsOn = dependsOnOf(s.depends_on);
  for (const link of list(s.links)) implicit(dependsOn, link.split(':')[0]);
  for (const p of parents) implicit(dependsOn, p);
  const deploy = obj(s.deploy);
  const replicas = num(deploy.replicas) ?? num(s.scale) ?? 1;
  return {
    name,
    image: str(s.image) ?? defaultImageName(project, name),
    customImage: s.image !== undefined,
    configHash: hash(name, canonicalService(s)),
    replicas,
    dependsOn,
    namespaceParents: parents,
    networks: s.network_mode !== undefined ? [] : s.networks === undefined ? ['default'] : Array.isArray(s.networks) ? list(s.networks) : Object.keys(obj(s.networks)),
    volumes: namedVolumes(s.volumes, volumeKeys),
    labels: dict(s.labels),
    containerName: str(s.container_name),
    profiles: list(s.profiles),
    stopTimeout: s.stop_grace_period === undefined ? undefined : durationSeconds(String(s.stop_grace_period)),
  };
}

/** The service with un-hashed fields dropped and keys sorted: equal configs give equal text. */
export function canonicalService(s: Tree): string {
  const copy: Tree = { ...s };
  for (const key of NOT_HASHED) delete copy[key];
  if (copy.deploy !== undefined) {
    const deploy = { ...obj(copy.deploy) };
    delete deploy.replicas;
    copy.deploy = deploy;
  }
  return canonicalJson(copy);
}

function dependsOnOf(raw: unknown): Record<string, DesiredDependency> {
  const out: Record<string, DesiredDependency> = {};
  if (Array.isArray(raw)) {
    for (const name of raw) out[String(name)] = { condition: 'service_started', required: true, restart: false };
    return out;
  }
  for (const [name, cfg] of Object.entries(obj(raw))) {
    const c = obj(cfg);
    out[name] = {
      condition: (str(c.condition) ?? 'service_started') as DependsOnCondition,
      required: c.required === undefined ? true : Boolean(c.required),
      restart: Boolean(c.restart),
    };
  }
  return out;
}

/** compose-go adds depends_on entries, with restart, for links, namespace and volumes_from references. */
function implicit(deps: Record<string, DesiredDependency>, service: string): void {
  deps[service] ??= { condition: 'service_started', required: true, restart: true };
}

function namespaceParents(s: Tree): string[] {
  const out = new Set<string>();
  for (const mode of [s.network_mode, s.ipc, s.pid]) {
    const m = str(mode);
    if (m?.startsWith('service:')) out.add(m.slice('service:'.length));
  }
  for (const from of list(s.volumes_from)) {
    if (!from.startsWith('container:')) out.add(from.split(':')[0]);
  }
  return [...out].sort();
}

/** Keys of top-level volumes mounted by the service (short `key:/path[:mode]` or long `{type: volume}`). */
function namedVolumes(raw: unknown, volumeKeys: Set<string>): string[] {
  const out = new Set<string>();
  for (const v of Array.isArray(raw) ? raw : []) {
    const source = typeof v === 'string' ? v.split(':')[0] : obj(v).type === 'volume' ? str(obj(v).source) : undefined;
    if (source !== undefined && volumeKeys.has(source)) out.add(source);
  }
  return [...out].sort();
}

function toNetworks(project: string, raw: Tree, services: DesiredService[], hash: FromComposeOptions['hash']): Record<string, DesiredNetwork> {
  const declared = { ...raw };
  if (declared.default === undefined && services.some((s) => s.networks.includes('default'))) declared.default = {};
  return toResources(project, 'network', declared, hash);
}

function toResources(project: string, kind: 'network' | 'volume', raw: Tree, hash: FromComposeOptions['hash']): Record<string, DesiredNetwork & DesiredVolume> {
  const out: Record<string, DesiredNetwork & DesiredVolume> = {};
  for (const [key, cfg] of Object.entries(raw)) {
    const c = obj(cfg);
    const ext = c.external;
    const external = ext === true || (typeof ext === 'object' && ext !== null);
    const legacyName = typeof ext === 'object' && ext !== null ? str(obj(ext).name) : undefined;
    const name = resourceName(project, key, str(c.name) ?? legacyName, external);
    const configHash = external ? undefined : hash(`${kind}:${key}`, canonicalJson({ ...c, name }));
    out[key] = { key, name, external, labels: dict(c.labels), configHash };
  }
  return out;
}

/** `1m30s`, `10s`, `500ms` → seconds (compose-spec duration). */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6 };
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g)) total += Number(n) * units[unit];
  return total;
}

function obj(v: unknown): Tree {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Tree) : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}
function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}
function dict(v: unknown): Record<string, string> {
  if (Array.isArray(v)) {
    return Object.fromEntries(v.map((item) => { const [k, ...rest] = String(item).split('='); return [k, rest.join('=')]; }));
  }
  return Object.fromEntries(Object.entries(obj(v)).map(([k, val]) => [k, String(val ?? '')]));
}
