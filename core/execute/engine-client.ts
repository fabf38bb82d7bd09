// ExecutorEngine over core/engine's EngineClient: containers and images through the client's
// handles, networks and volumes through NetworkApi/VolumeApi over the same transport.
import type { EngineClient } from '../engine/client';
import { NetworkApi } from '../engine/network';
import { VolumeApi } from '../engine/volume';
import type { ExecutorEngine } from './engine';

export function engineFromClient(client: EngineClient): ExecutorEngine {
  const networks = new NetworkApi(client.transport);
  const volumes = new VolumeApi(client.transport);
  return {
    createNetwork: async (body) => { await networks.create(body); },
    removeNetwork: (name) => networks.remove(name),
    connectNetwork: (network, container) => networks.connect(network, container),
    disconnectNetwork: (network, container) => networks.disconnect(network, container, true),
    createVolume: async (body) => { await volumes.create(body); },
    removeVolume: (name) => volumes.remove(name),
    createContainer: async (body, name) => (await client.createContainer(body, name)).Id,
    startContainer: async (id) => { await client.getContainer(id).start(); },
    stopContainer: async (id, timeout) => { await client.getContainer(id).stop({ t: timeout }); },
    removeContainer: (id, opts) => client.getContainer(id).remove({ v: opts.volumes, force: opts.force }),
    renameContainer: (id, name) => client.getContainer(id).rename(name),
    unpauseContainer: (id) => client.getContainer(id).unpause(),
    inspectContainer: (id) => client.getContainer(id).inspect(),
    listContainers: (labels) => client.listContainers({ all: true, filters: { label: labels } }),
    removeImage: async (name) => { await client.getImage(name).remove(); },
  };
}
