// Reads what the engine holds for a project in one pass (containers by project label, networks,
// volumes, images) and hands it to core/observe. Engines without network or volume routes
// (404/501) count as having none, so `ps` and `down` work on a containers-only engine.
import type { NetworkResource, Volume, VolumeListResponse } from '../../runtime/api/types';
import type { EngineClient } from '../engine/client';
import { observeProject, projectFilter, type ObservedState, type WantedNames } from '../observe';

export async function observeEngine(client: EngineClient, project: string, wanted?: WantedNames): Promise<ObservedState> {
  const [containers, networks, volumes, images] = await Promise.all([
    client.listContainers({ all: true, filters: projectFilter(project) }),
    optional(client.transport.json<NetworkResource[]>({ method: 'GET', path: '/networks' })),
    optional(client.transport.json<VolumeListResponse>({ method: 'GET', path: '/volumes' })).then((v) => (v as VolumeListResponse | undefined)?.Volumes ?? ([] as Volume[])),
    client.listImages(),
  ]);
  return observeProject(project, { containers, networks: (networks as NetworkResource[] | undefined) ?? [], volumes, images }, wanted);
}

async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'NOT_FOUND' || code === 'NOT_IMPLEMENTED') return undefined;
    throw err;
  }
}
