// Golden plan cases: compose.yaml + observed.yaml (+ options.yaml) → plan.txt (or error.txt).
// observed.yaml is compact: each container is turned into the engine's listing JSON with
// compose labels and read back through observeProject, so the label parsing is exercised too.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ContainerSummary, ImageSummary, NetworkResource, Volume } from '../../runtime/api/types';
import { formatDependsOnLabel, LABEL, observeProject, normalizeImageRef, type ObservedState } from '../../core/observe';
import { downOptions, fromComposeTree, projectFromObserved, upOptions, type DesiredProject, type DownOptions, type UpFlags, type UpOptions } from '../../core/reconcile';

type Tree = Record<string, unknown>;

export interface GoldenCase {
  project: DesiredProject;
  observed: ObservedState;
  command: 'up' | 'down' | 'restart';
  up: UpOptions;
  down: DownOptions;
}

/** The test's stand-in for core/spec's serviceConfigHash: sha256 of the canonical service, 12 hex. */
export function testHash(_service: string, canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

export function loadCase(dir: string): GoldenCase {
  const compose = parse(readFileSync(join(dir, 'compose.yaml'), 'utf8')) as Tree;
  const opts = readYaml(join(dir, 'options.yaml'));
  const project = fromComposeTree(compose, { projectName: (opts.project as string | undefined) ?? 'demo', profiles: (opts.profiles as string[] | undefined) ?? [], hash: testHash });
  const observed = buildObserved(project, readYaml(join(dir, 'observed.yaml')));
  return {
    // `fromLabels: true`: the command runs without a compose file (down -p), compose.yaml only shapes observed.yaml
    project: opts.fromLabels === true ? projectFromObserved(observed) : project,
    observed,
    command: opts.command === 'down' || opts.command === 'restart' ? opts.command : 'up',
    up: upOptions(opts as UpFlags),
    down: downOptions({ services: opts.services as string[] | undefined, volumes: opts.volumes as boolean | undefined, removeOrphans: opts.removeOrphans as boolean | undefined, rmi: opts.rmi as 'local' | 'all' | undefined }),
  };
}

function readYaml(path: string): Tree {
  return existsSync(path) ? ((parse(readFileSync(path, 'utf8')) as Tree | null) ?? {}) : {};
}

export function buildObserved(project: DesiredProject, spec: Tree): ObservedState {
  const images = (spec.images ?? {}) as Record<string, string>;
  const containers = ((spec.containers ?? []) as Tree[]).map((c, i) => toSummary(project, images, c, i + 1));
  const networks = ((spec.networks ?? []) as Array<string | Tree>).map((n) => toNetwork(project.name, n));
  const volumes = ((spec.volumes ?? []) as Array<string | Tree>).map((v) => toVolume(project.name, v));
  const imageList: ImageSummary[] = Object.entries(images).map(([ref, id]) => ({ Id: id, ParentId: '', RepoTags: [ref], RepoDigests: [], Created: 0, Size: 0, SharedSize: 0, Labels: {}, Containers: 0 }));
  const wanted = { networks: Object.values(project.networks).map((n) => n.name), volumes: Object.values(project.volumes).map((v) => v.name) };
  return observeProject(project.name, { containers, networks, volumes, images: imageList }, wanted);
}

function toSummary(project: DesiredProject, images: Record<string, string>, c: Tree, seq: number): ContainerSummary {
  const service = String(c.service);
  const svc = project.services[service];
  const number = (c.number as number | undefined) ?? 1;
  const oneOff = c.oneoff === true;
  const name = (c.name as string | undefined) ?? (oneOff ? `${project.name}-${service}-run-${String(seq).padStart(4, '0')}` : svc?.containerName ?? `${project.name}-${service}-${number}`);
  const image = (c.imageRef as string | undefined) ?? svc?.image ?? 'busybox';
  const currentDigest = images[normalizeImageRef(image)] ?? '';
  const labels: Record<string, string> = {
    [LABEL.project]: (c.project as string | undefined) ?? project.name,
    [LABEL.service]: service,
    [LABEL.containerNumber]: String(number),
    [LABEL.oneOff]: oneOff ? 'True' : 'False',
    [LABEL.configHash]: c.hash === undefined || c.hash === 'current' ? (svc?.configHash ?? 'none') : String(c.hash),
  };
  if (svc !== undefined) {
    labels[LABEL.dependsOn] = formatDependsOnLabel(Object.entries(svc.dependsOn).map(([service, d]) => ({ service, condition: d.condition, restart: d.restart })));
  }
  const digest = c.image === undefined || c.image === 'current' ? currentDigest : String(c.image);
  if (digest !== '') labels[LABEL.image] = digest;
  const networks = (c.networks as string[] | undefined) ?? (svc?.networks ?? []).map((k) => project.networks[k]?.name ?? k);
  const volumes = (c.volumes as string[] | undefined) ?? (svc?.volumes ?? []).map((k) => project.volumes[k]?.name ?? k);
  return {
    Id: (c.id as string | undefined) ?? `c${String(seq).padStart(11, '0')}`,
    Names: [`/${name}`], Image: image, ImageID: digest, Command: '', Created: (c.created as number | undefined) ?? 1000 + seq,
    Ports: [], Labels: labels, State: ((c.state as string | undefined) ?? 'running') as ContainerSummary['State'], Status: '',
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: Object.fromEntries(networks.map((n) => [n, { NetworkID: `net-${n}` }])) },
    Mounts: volumes.map((v) => ({ Type: 'volume', Name: v, Source: `/var/lib/berth/volumes/${v}`, Destination: `/data/${v}`, Mode: '', RW: true, Propagation: '' })),
  };
}

/** `demo_back` → labelled network with key `back`; a mapping sets name/key/hash/managed explicitly. */
function toNetwork(project: string, n: string | Tree): NetworkResource {
  const spec = typeof n === 'string' ? { name: n } : n;
  const name = String(spec.name);
  return { Name: name, Id: `net-${name}`, Created: '', Scope: 'local', Driver: 'bridge', EnableIPv6: false, IPAM: { Driver: 'default', Config: [], Options: null }, Internal: false, Attachable: false, Ingress: false, Containers: {}, Options: {}, Labels: resourceLabels(project, name, spec, LABEL.network) };
}

function toVolume(project: string, v: string | Tree): Volume {
  const spec = typeof v === 'string' ? { name: v } : v;
  const name = String(spec.name);
  return { Name: name, Driver: 'local', Mountpoint: '', Labels: resourceLabels(project, name, spec, LABEL.volume), Scope: 'local', Options: null };
}

function resourceLabels(project: string, name: string, spec: Tree, keyLabel: string): Record<string, string> {
  if (spec.managed === false) return {};
  const key = (spec.key as string | undefined) ?? (name.startsWith(`${project}_`) ? name.slice(project.length + 1) : name);
  const labels: Record<string, string> = { [LABEL.project]: project, [keyLabel]: key };
  if (spec.hash !== undefined) labels[LABEL.configHash] = String(spec.hash);
  return labels;
}
