// The executor's ConfigSource for a loaded Project: container bodies from container-config.ts,
// network and volume bodies from the project's top-level sections with compose's labels.
import type { ContainerCreateRequest, NetworkCreateRequest, VolumeCreateRequest } from '../../runtime/api/types';
import type { ConfigSource, ExecutorEngine } from '../execute';
import { LABEL, resourceLabels } from '../observe/labels';
import { normalizeImageRef } from '../observe/image-ref';
import type { DesiredProject } from '../reconcile';
import { serviceConfigHash, type Project } from '../spec';
import { containerConfig } from './container-config';

type Tree = Record<string, unknown>;

/** `images`: local image ids by normalised reference (ObservedState.images), for the image label. */
export function projectConfigSource(project: Project, desired: DesiredProject, engine: ExecutorEngine, images: Record<string, string> = {}): ConfigSource {
  return {
    container: async (op) => {
      const parents = await parentContainers(project, desired, op.service, engine);
      const body = containerConfig({
        project, service: op.service, number: op.number, configHash: serviceConfigHash(project, op.service),
        replace: op.kind === 'RecreateContainer' ? op.replaces : undefined,
        imageDigest: images[normalizeImageRef(desired.services[op.service]?.image ?? '')],
        parentContainer: (s) => parents.get(s),
      });
      if (op.kind === 'RecreateContainer' && op.inherit) await inheritAnonymousVolumes(body, op.replaces, engine);
      await containerModesById(body, engine);
      return body;
    },
    network: (op) => networkBody(project, desired, op.key, op.name),
    volume: (op) => volumeBody(project, desired, op.key, op.name),
  };
}

/**
 * A recreated container keeps the anonymous volumes of the one it replaces (compose
 * convergence.go: mounts of the old container without a source in the service are reused by name),
 * unless `-V`. Mounts of the new body that have no source take the old volume at the same target.
 */
export async function inheritAnonymousVolumes(body: ContainerCreateRequest, replaces: string, engine: ExecutorEngine): Promise<void> {
  const old = await engine.inspectContainer(replaces);
  const byTarget = new Map(old.Mounts.filter((m) => m.Type === 'volume' && m.Name !== undefined && m.Name !== '').map((m) => [m.Destination, m.Name!]));
  const mounts = body.HostConfig?.Mounts ?? [];
  for (const m of mounts) {
    if (m.Type === 'volume' && (m.Source === undefined || m.Source === '') && byTarget.has(m.Target)) m.Source = byTarget.get(m.Target);
  }
  // image-declared volumes (VOLUME) are anonymous too: carry them as explicit mounts
  const taken = new Set(mounts.map((m) => m.Target));
  for (const [target, name] of byTarget) {
    if (!taken.has(target) && isAnonymous(name)) mounts.push({ Type: 'volume', Source: name, Target: target });
  }
  if (body.HostConfig) body.HostConfig.Mounts = mounts;
}

/**
 * `ipc: container:<name>` (and pid) name a container outside the project: it is recorded by id,
 * as docker inspect shows it after a compose up (docker/compose e2e TestIPC expects
 * `"IpcMode": "container:<id>"`). A name that does not resolve is left for the start to report.
 */
export async function containerModesById(body: ContainerCreateRequest, engine: Pick<ExecutorEngine, 'inspectContainer'>): Promise<void> {
  const host = body.HostConfig;
  if (host === undefined) return;
  for (const key of ['IpcMode', 'PidMode'] as const) {
    const mode = host[key];
    if (typeof mode !== 'string' || !mode.startsWith('container:') || /^container:[0-9a-f]{64}$/.test(mode)) continue;
    const found = await engine.inspectContainer(mode.slice('container:'.length)).catch(() => undefined);
    if (found !== undefined) host[key] = `container:${found.Id}`;
  }
}

/** Anonymous volumes are named by a 64-hex id, as dockerd names them. */
function isAnonymous(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}

/** network_mode/ipc/pid `service:x` and volumes_from name a service; the engine wants a container id. */
async function parentContainers(project: Project, desired: DesiredProject, service: string, engine: ExecutorEngine): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const parent of desired.services[service]?.namespaceParents ?? []) {
    const list = await engine.listContainers([`${LABEL.project}=${project.name}`, `${LABEL.service}=${parent}`, `${LABEL.oneOff}=False`]);
    const first = list.sort((a, b) => (a.Names?.[0] ?? '').localeCompare(b.Names?.[0] ?? ''))[0];
    if (first) out.set(parent, first.Id);
  }
  return out;
}

function networkBody(project: Project, desired: DesiredProject, key: string, name: string): NetworkCreateRequest {
  const cfg = (project.networks?.[key] ?? {}) as Tree;
  const ipam = (cfg.ipam ?? {}) as { driver?: string; config?: Tree[] };
  return {
    Name: name,
    CheckDuplicate: true,
    Driver: typeof cfg.driver === 'string' ? cfg.driver : 'bridge',
    Internal: cfg.internal === true,
    Attachable: cfg.attachable === true,
    EnableIPv6: cfg.enable_ipv6 === true,
    Options: (cfg.driver_opts as Record<string, string> | undefined) ?? {},
    IPAM: {
      Driver: ipam.driver ?? 'default',
      Config: (ipam.config ?? []).map((c) => ({ Subnet: c.subnet as string | undefined, Gateway: c.gateway as string | undefined, IPRange: c.ip_range as string | undefined })),
    },
    Labels: { ...((cfg.labels as Record<string, string> | undefined) ?? {}), ...resourceLabels('network', project.name, key, desired.networks[key]?.configHash) },
  };
}

function volumeBody(project: Project, desired: DesiredProject, key: string, name: string): VolumeCreateRequest {
  const cfg = (project.volumes?.[key] ?? {}) as Tree;
  return {
    Name: name,
    Driver: typeof cfg.driver === 'string' ? cfg.driver : 'local',
    DriverOpts: (cfg.driver_opts as Record<string, string> | undefined) ?? {},
    Labels: { ...((cfg.labels as Record<string, string> | undefined) ?? {}), ...resourceLabels('volume', project.name, key, desired.volumes[key]?.configHash) },
  };
}
