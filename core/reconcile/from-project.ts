// The adapter from core/spec's typed, normalised Project to the reconciler's view. The loader has
// already applied compose-go's defaults (long depends_on with the implicit entries for links and
// namespaces, the default network, resource names), so this only picks fields.
import { createHash } from 'node:crypto';
import { serviceConfigHash, type Project, type ServiceConfig } from '../spec';
import type { DependsOnCondition } from '../plan/operation';
import type { DesiredNetwork, DesiredProject, DesiredService, DesiredVolume } from './input';
import { defaultImageName, resourceName } from './naming';
import { durationSeconds } from './from-compose';
import { canonicalJson } from './canonical-json';

type Tree = Record<string, unknown>;

export function fromProject(project: Project): DesiredProject {
  const services: Record<string, DesiredService> = {};
  for (const [name, svc] of Object.entries(project.services)) {
    services[name] = toService(project, name, svc, serviceConfigHash(project, name));
  }
  // Disabled services stay known (their containers are not orphans) but are never converged.
  for (const [name, svc] of Object.entries(project.meta.disabledServices ?? {})) {
    services[name] ??= toService(project, name, svc, '');
  }
  return {
    name: project.name,
    services,
    networks: resources(project.name, 'network', project.networks ?? {}),
    volumes: resources(project.name, 'volume', project.volumes ?? {}),
    profiles: project.meta.profiles,
  };
}

function toService(project: Project, name: string, svc: ServiceConfig, configHash: string): DesiredService {
  const raw = svc as Tree;
  const deploy = (raw.deploy ?? {}) as Tree;
  const image = typeof raw.image === 'string' ? raw.image : undefined;
  return {
    name,
    image: image ?? defaultImageName(project.name, name),
    customImage: image !== undefined,
    configHash,
    replicas: num(deploy.replicas) ?? svc.scale ?? 1,
    dependsOn: Object.fromEntries(Object.entries(svc.depends_on ?? {}).map(([dep, d]) => [dep, {
      condition: d.condition as DependsOnCondition, required: d.required, restart: d.restart ?? false,
    }])),
    namespaceParents: namespaceParents(raw),
    networks: raw.network_mode !== undefined ? [] : Object.keys(svc.networks ?? {}).sort(),
    volumes: [...new Set((svc.volumes ?? []).filter((v) => v.type === 'volume' && v.source !== undefined && project.volumes?.[v.source] !== undefined).map((v) => v.source as string))].sort(),
    labels: { ...(svc.labels ?? {}) },
    containerName: typeof raw.container_name === 'string' ? raw.container_name : undefined,
    profiles: Array.isArray(raw.profiles) ? raw.profiles.map(String) : [],
    stopTimeout: svc.stop_grace_period === undefined ? undefined : durationSeconds(svc.stop_grace_period),
  };
}

function namespaceParents(raw: Tree): string[] {
  const out = new Set<string>();
  for (const mode of [raw.network_mode, raw.ipc, raw.pid]) {
    if (typeof mode === 'string' && mode.startsWith('service:')) out.add(mode.slice('service:'.length));
  }
  for (const from of Array.isArray(raw.volumes_from) ? raw.volumes_from.map(String) : []) {
    if (!from.startsWith('container:')) out.add(from.split(':')[0]);
  }
  return [...out].sort();
}

interface ResourceConfig {
  name?: string;
  external?: boolean;
  labels?: Record<string, string>;
}

/** Networks and volumes, each with a hash of its config (compose NetworkHash / VolumeHash). */
function resources(project: string, kind: 'network' | 'volume', raw: Record<string, ResourceConfig>): Record<string, DesiredNetwork & DesiredVolume> {
  const out: Record<string, DesiredNetwork & DesiredVolume> = {};
  for (const [key, cfg] of Object.entries(raw)) {
    const external = cfg.external === true;
    const name = resourceName(project, key, cfg.name, external);
    const configHash = external ? undefined : resourceHash(kind, { driver: 'local', ...cfg, name });
    out[key] = { key, name, external, labels: { ...(cfg.labels ?? {}) }, configHash };
  }
  return out;
}

function resourceHash(kind: string, cfg: Tree): string {
  return createHash('sha256').update(`${kind}:${canonicalJson(cfg)}`).digest('hex');
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
