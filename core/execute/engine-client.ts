// ExecutorEngine over core/engine's EngineClient. Networks and volumes go through the client's
// transport directly (same paths and bodies as the Docker API) since the client has no handles
// for them yet.
import type { EngineClient } from '../engine/client';
import type { ExecutorEngine } from './engine';

export function engineFromClient(client: EngineClient): ExecutorEngine {
  const t = client.transport;
  const call = async (method: string, path: string, body?: unknown, query?: Record<string, string | number | boolean | undefined>): Promise<void> => {
    const res = await t.request({ method, path, body, query });
    res.resume();
  };
  return {
    createNetwork: (body) => call('POST', '/networks/create', body),
    removeNetwork: (name) => call('DELETE', `/networks/${encodeURIComponent(name)}`),
    connectNetwork: (network, container) => call('POST', `/networks/${encodeURIComponent(network)}/connect`, { Container: container }),
    disconnectNetwork: (network, container) => call('POST', `/networks/${encodeURIComponent(network)}/disconnect`, { Container: container, Force: true }),
    createVolume: (body) => call('POST', '/volumes/create', body),
    removeVolume: (name) => call('DELETE', `/volumes/${encodeURIComponent(name)}`),
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
