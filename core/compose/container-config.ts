// A compose service → the body of `POST /containers/create`, as docker/compose create.go
// getCreateConfigs / getHostConfig / buildContainerVolumes map it. Pure: names of the project's
// networks and volumes, the replica number and the parent containers come in as parameters.
import type { ContainerCreateRequest, EndpointSettings, HealthConfig, HostConfig, MountSpec, PortMap, RestartPolicy } from '../../runtime/api/types';
import type { Project, ServiceConfig, VolumeMount } from '../spec';
import { containerLabels, type DependsOnLabelEntry } from '../observe/labels';
import { durationSeconds } from '../reconcile/from-compose';
import { composeDevices } from '../engine/device-spec';

type Tree = Record<string, unknown>;

export interface ContainerConfigInput {
  project: Project;
  service: string;
  number: number;
  configHash: string;
  oneOff?: boolean;
  slug?: string;
  /** Id of the container this one replaces (label `com.docker.compose.replace`). */
  replace?: string;
  /** Id of the service's image now (`com.docker.compose.image`: a new id means recreate). */
  imageDigest?: string;
  /** `service:x` / volumes_from parents → a container id (compose resolves them the same way). */
  parentContainer?: (service: string) => string | undefined;
}

export function containerConfig(input: ContainerConfigInput): ContainerCreateRequest {
  const svc = input.project.services[input.service] as ServiceConfig;
  const raw = svc as Tree;
  const ports = portsOf(svc);
  return {
    Image: svc.image ?? `${input.project.name}-${input.service}`,
    Cmd: svc.command ?? null,
    Entrypoint: svc.entrypoint ?? null,
    // a key without value unsets the variable, the image's too (compose ToMobyEnv sends a bare KEY)
    Env: Object.entries(svc.environment ?? {}).map(([k, v]) => (v === null ? k : `${k}=${v}`)),
    Labels: { ...(svc.labels ?? {}), ...labelsOf(input, svc) },
    User: str(raw.user),
    WorkingDir: str(raw.working_dir),
    Hostname: str(raw.hostname),
    Domainname: str(raw.domainname),
    Tty: svc.tty ?? false,
    OpenStdin: svc.stdin_open ?? false,
    StopSignal: str(raw.stop_signal),
    StopTimeout: svc.stop_grace_period === undefined ? undefined : Math.round(durationSeconds(svc.stop_grace_period)),
    ExposedPorts: ports.exposed,
    Healthcheck: healthcheckOf(svc),
    HostConfig: hostConfigOf(input, svc, ports.bindings),
    NetworkingConfig: { EndpointsConfig: endpointsOf(input.project, input.service, svc) },
  };
}

function labelsOf(input: ContainerConfigInput, svc: ServiceConfig): Record<string, string> {
  const meta = input.project.meta;
  const dependsOn: DependsOnLabelEntry[] = Object.entries(svc.depends_on ?? {}).map(([service, d]) => ({ service, condition: d.condition, restart: d.restart ?? false }));
  return containerLabels({
    project: input.project.name, service: input.service, number: input.number, oneOff: input.oneOff ?? false,
    configHash: input.configHash, workingDir: meta.workingDir, configFiles: meta.configFiles,
    environmentFiles: (svc.env_file ?? []).map((f) => f.path), dependsOn, slug: input.slug, replace: input.replace, imageDigest: input.imageDigest,
  });
}

function portsOf(svc: ServiceConfig): { exposed: Record<string, Record<string, never>>; bindings: PortMap } {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: PortMap = {};
  for (const e of svc.expose ?? []) exposed[e.includes('/') ? e : `${e}/tcp`] = {};
  for (const p of svc.ports ?? []) {
    const key = `${p.target}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.host_ip ?? '', HostPort: p.published ?? '' });
  }
  return { exposed, bindings };
}

const NS = 1e9;

/** compose-spec healthcheck → Docker's HealthConfig (durations in ns; `disable` = test NONE). */
export function healthcheckOf(svc: ServiceConfig): HealthConfig | undefined {
  const h = svc.healthcheck;
  if (h === undefined) return undefined;
  if (h.disable) return { Test: ['NONE'] };
  const ns = (d: string | undefined): number | undefined => (d === undefined ? undefined : Math.round(durationSeconds(d) * NS));
  return { Test: h.test, Interval: ns(h.interval), Timeout: ns(h.timeout), Retries: h.retries, StartPeriod: ns(h.start_period), StartInterval: ns(h.start_interval) };
}

/** `restart:` (or deploy.restart_policy) → RestartPolicy, as compose getRestartPolicy. */
export function restartPolicyOf(svc: ServiceConfig): RestartPolicy {
  const restart = str((svc as Tree).restart);
  if (restart !== undefined) {
    const [name, max] = restart.split(':');
    if (name === 'on-failure') return { Name: 'on-failure', MaximumRetryCount: max === undefined ? 0 : Number(max) };
    if (name === 'always' || name === 'unless-stopped' || name === 'no') return { Name: name };
    return { Name: 'no' };
  }
  const policy = svc.deploy?.restart_policy;
  if (policy === undefined) return { Name: 'no' };
  const cond = policy.condition ?? 'any';
  if (cond === 'none') return { Name: 'no' };
  if (cond === 'on-failure') return { Name: 'on-failure', MaximumRetryCount: policy.max_attempts ?? 0 };
  return { Name: 'always' };
}

function hostConfigOf(input: ContainerConfigInput, svc: ServiceConfig, bindings: PortMap): HostConfig {
  const raw = svc as Tree;
  const limits = svc.deploy?.resources?.limits;
  const cpus = svc.cpus ?? limits?.cpus;
  return {
    PortBindings: bindings,
    Mounts: (svc.volumes ?? []).map((v) => mountOf(input.project, v)),
    Tmpfs: svc.tmpfs === undefined ? null : Object.fromEntries(svc.tmpfs.map((t) => { const [p, o] = t.split(':'); return [p!, o ?? '']; })),
    RestartPolicy: restartPolicyOf(svc),
    Init: svc.init ?? null,
    Privileged: svc.privileged ?? false,
    ReadonlyRootfs: svc.read_only ?? false,
    CapAdd: strs(raw.cap_add), CapDrop: strs(raw.cap_drop),
    SecurityOpt: strs(raw.security_opt), GroupAdd: strs(raw.group_add),
    Dns: svc.dns ?? null, DnsSearch: svc.dns_search ?? null,
    ExtraHosts: Object.entries(svc.extra_hosts ?? {}).flatMap(([h, ips]) => ips.map((ip) => `${h}:${ip}`)),
    Sysctls: svc.sysctls ?? null,
    ShmSize: svc.shm_size,
    Memory: svc.mem_limit ?? limits?.memory,
    MemoryReservation: svc.mem_reservation,
    NanoCpus: cpus === undefined ? undefined : Math.round(cpus * NS),
    PidsLimit: (raw.pids_limit as number | undefined) ?? limits?.pids ?? null,
    Ulimits: Object.entries(svc.ulimits ?? {}).map(([Name, u]) => (typeof u === 'number' ? { Name, Soft: u, Hard: u } : { Name, Soft: u.soft, Hard: u.hard })),
    NetworkMode: networkModeOf(input, svc),
    IpcMode: namespaceMode(input, str(raw.ipc)),
    PidMode: namespaceMode(input, str(raw.pid)),
    VolumesFrom: strs(raw.volumes_from)?.map((f) => volumesFrom(input, f)) ?? null,
    Devices: composeDevices(raw.devices),
  };
}

function mountOf(project: Project, v: VolumeMount): MountSpec {
  const type = v.type === 'volume' || v.type === 'bind' || v.type === 'tmpfs' ? v.type : 'volume';
  const named = type === 'volume' && v.source !== undefined ? project.volumes?.[v.source]?.name : undefined;
  const m: MountSpec = { Type: type, Source: named ?? v.source, Target: v.target ?? '', ReadOnly: v.read_only ?? false };
  if (type === 'bind') m.BindOptions = { Propagation: v.bind?.propagation, CreateMountpoint: v.bind?.create_host_path ?? true };
  if (type === 'volume') m.VolumeOptions = { NoCopy: v.volume?.nocopy ?? false, Labels: v.volume?.labels };
  if (type === 'tmpfs') m.TmpfsOptions = { SizeBytes: v.tmpfs?.size, Mode: v.tmpfs?.mode };
  return m;
}

/** network_mode, else the service's first network by priority then name (compose getDefaultNetworkMode). */
function networkModeOf(input: ContainerConfigInput, svc: ServiceConfig): string | undefined {
  const mode = str((svc as Tree).network_mode);
  if (mode !== undefined) return namespaceMode(input, mode);
  const first = sortedNetworks(svc)[0];
  return first === undefined ? 'none' : (input.project.networks?.[first]?.name ?? first);
}

function namespaceMode(input: ContainerConfigInput, mode: string | undefined): string | undefined {
  if (mode === undefined || !mode.startsWith('service:')) return mode;
  const parent = mode.slice('service:'.length);
  return `container:${input.parentContainer?.(parent) ?? parent}`;
}

function volumesFrom(input: ContainerConfigInput, from: string): string {
  if (from.startsWith('container:')) return from.slice('container:'.length);
  const [service, mode] = from.split(':');
  const id = input.parentContainer?.(service!) ?? service!;
  return mode === undefined ? id : `${id}:${mode}`;
}

function sortedNetworks(svc: ServiceConfig): string[] {
  const nets = svc.networks ?? {};
  return Object.keys(nets).sort((a, b) => ((nets[b]?.priority ?? 0) - (nets[a]?.priority ?? 0)) || a.localeCompare(b));
}

/** Every network the service joins, with the service name as an alias (compose: DNS by service). */
function endpointsOf(project: Project, service: string, svc: ServiceConfig): Record<string, EndpointSettings> {
  if ((svc as Tree).network_mode !== undefined) return {};
  const out: Record<string, EndpointSettings> = {};
  for (const key of sortedNetworks(svc)) {
    const cfg = svc.networks?.[key] ?? null;
    const ipv4 = cfg?.ipv4_address;
    out[project.networks?.[key]?.name ?? key] = {
      Aliases: [service, ...(cfg?.aliases ?? [])],
      IPAMConfig: ipv4 !== undefined || cfg?.ipv6_address !== undefined ? { IPv4Address: ipv4, IPv6Address: cfg?.ipv6_address } : null,
    };
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function strs(v: unknown): string[] | null {
  return Array.isArray(v) ? v.map(String) : null;
}
