// Turns the engine's listings into ObservedState in one pass. The executor calls it with what its
// client returned (GET /containers/json?all=1 filtered by the project label, /networks, /volumes,
// /images/json); this function does no I/O, so it is tested with plain data.
import type { ContainerSummary, ImageSummary, NetworkResource, Volume } from '../../runtime/api/types';
import { LABEL } from './labels';
import { normalizeImageRef } from './image-ref';
import type { ObservedContainer, ObservedContainerState, ObservedNetwork, ObservedState, ObservedVolume } from './observed-state';

export interface EngineListing {
  containers: ContainerSummary[];
  networks: NetworkResource[];
  volumes: Volume[];
  images: ImageSummary[];
}

/**
 * Names of networks and volumes the project declares: an unlabelled resource with one of these
 * names is reused, not recreated (compose discoverUnmanagedNetworks/Volumes), and externals are
 * found this way.
 */
export interface WantedNames {
  networks: string[];
  volumes: string[];
}

export function observeProject(project: string, listing: EngineListing, wanted: WantedNames = { networks: [], volumes: [] }): ObservedState {
  const name = project.toLowerCase();
  const containers = listing.containers
    .filter((c) => c.Labels?.[LABEL.project] === name)
    .map(toObservedContainer)
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    project: name,
    containers,
    networks: observeNetworks(name, listing.networks, new Set(wanted.networks)),
    volumes: observeVolumes(name, listing.volumes, new Set(wanted.volumes)),
    images: observeImages(listing.images),
  };
}

export function toObservedContainer(c: ContainerSummary): ObservedContainer {
  const labels = c.Labels ?? {};
  const number = Number.parseInt(labels[LABEL.containerNumber] ?? '', 10);
  const networks = Object.keys(c.NetworkSettings?.Networks ?? {}).sort();
  const volumes = (c.Mounts ?? [])
    .filter((m) => m.Type === 'volume' && m.Name !== undefined && m.Name !== '')
    .map((m) => m.Name as string)
    .sort();
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
    service: labels[LABEL.service] ?? '',
    number: Number.isFinite(number) ? number : 0,
    oneOff: labels[LABEL.oneOff] === 'True',
    state: c.State as ObservedContainerState,
    configHash: labels[LABEL.configHash] ?? '',
    imageDigest: labels[LABEL.image] ?? '',
    image: c.Image,
    networks,
    volumes,
    created: c.Created,
    labels,
  };
}

function observeNetworks(project: string, list: NetworkResource[], wanted: Set<string>): ObservedNetwork[] {
  const out: ObservedNetwork[] = [];
  for (const n of list) {
    const labels = n.Labels ?? {};
    const managed = labels[LABEL.project] === project;
    if (!managed && !wanted.has(n.Name)) continue;
    out.push({ id: n.Id, name: n.Name, key: managed ? labels[LABEL.network] : undefined, configHash: managed ? labels[LABEL.configHash] : undefined, managed });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function observeVolumes(project: string, list: Volume[], wanted: Set<string>): ObservedVolume[] {
  const out: ObservedVolume[] = [];
  for (const v of list) {
    const labels = v.Labels ?? {};
    const managed = labels[LABEL.project] === project;
    if (!managed && !wanted.has(v.Name)) continue;
    out.push({ name: v.Name, key: managed ? labels[LABEL.volume] : undefined, configHash: managed ? labels[LABEL.configHash] : undefined, managed });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function observeImages(list: ImageSummary[]): Record<string, string> {
  const images: Record<string, string> = {};
  for (const img of list) {
    for (const tag of img.RepoTags ?? []) {
      if (tag === '<none>:<none>') continue;
      images[normalizeImageRef(tag)] = img.Id;
    }
  }
  return images;
}
