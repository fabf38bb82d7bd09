// A project rebuilt from what the engine holds, for `down -p <name>` without a compose file
// (compose down.go getProjectWithResources): services from container labels, their depends_on
// from the depends_on label, networks and volumes from the resources labelled with the project.
import type { ObservedContainer, ObservedState } from '../observe/observed-state';
import { parseDependsOnLabel, LABEL } from '../observe/labels';
import type { DesiredNetwork, DesiredProject, DesiredService, DesiredVolume } from './input';
import { defaultImageName } from './naming';

export function projectFromObserved(observed: ObservedState): DesiredProject {
  const networks: Record<string, DesiredNetwork> = {};
  for (const n of observed.networks) {
    if (n.managed && n.key !== undefined) networks[n.key] = { key: n.key, name: n.name, external: false, labels: {}, configHash: n.configHash };
  }
  const volumes: Record<string, DesiredVolume> = {};
  for (const v of observed.volumes) {
    if (v.managed && v.key !== undefined) volumes[v.key] = { key: v.key, name: v.name, external: false, labels: {}, configHash: v.configHash };
  }
  const byService = new Map<string, ObservedContainer[]>();
  for (const c of observed.containers) {
    if (c.oneOff || c.service === '') continue;
    byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
  }
  const services: Record<string, DesiredService> = {};
  for (const [name, list] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    services[name] = serviceFromContainers(observed.project, name, list, networks, volumes);
  }
  return { name: observed.project, services, networks, volumes, profiles: [] };
}

function serviceFromContainers(project: string, name: string, list: ObservedContainer[], networks: Record<string, DesiredNetwork>, volumes: Record<string, DesiredVolume>): DesiredService {
  const first = [...list].sort((a, b) => a.number - b.number)[0];
  const dependsOn = Object.fromEntries(parseDependsOnLabel(first.labels[LABEL.dependsOn]).map((d) => [d.service, { condition: d.condition, required: true, restart: d.restart }]));
  return {
    name,
    image: first.image,
    // compose names the image of a service it built `<project>-<service>`; anything else was set with `image:`
    customImage: first.image !== defaultImageName(project, name) && !first.image.startsWith(`${defaultImageName(project, name)}:`),
    configHash: first.configHash,
    replicas: list.length,
    dependsOn,
    namespaceParents: [],
    networks: Object.values(networks).filter((n) => list.some((c) => c.networks.includes(n.name))).map((n) => n.key).sort(),
    volumes: Object.values(volumes).filter((v) => list.some((c) => c.volumes.includes(v.name))).map((v) => v.key).sort(),
    labels: {},
    profiles: [],
  };
}
