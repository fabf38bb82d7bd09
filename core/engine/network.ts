// Networks over the engine's Docker API (`/networks/*`, api/server/router/network in moby), built
// from an EngineClient's transport: `new NetworkApi(client.transport).list({ driver: ['bridge'] })`.
import type {
  EndpointSettings, NetworkCreateRequest, NetworkCreateResponse, NetworkPruneResponse, NetworkResource,
} from '../../runtime/api/types';
import type { Transport } from './transport';

export type NetworkFilters = Record<string, string[]>;

export interface NetworkConnectOptions {
  aliases?: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export class NetworkApi {
  constructor(private readonly t: Transport) {}

  private path(idOrName: string, suffix = ''): string {
    return `/networks/${encodeURIComponent(idOrName)}${suffix}`;
  }

  /** `GET /networks?filters=` (name, id, driver, label, scope, type, dangling). */
  list(filters?: NetworkFilters): Promise<NetworkResource[]> {
    return this.t.json({ method: 'GET', path: '/networks', query: { filters: filters && JSON.stringify(filters) } });
  }

  inspect(idOrName: string): Promise<NetworkResource> {
    return this.t.json({ method: 'GET', path: this.path(idOrName) });
  }

  create(body: NetworkCreateRequest): Promise<NetworkCreateResponse> {
    return this.t.json({ method: 'POST', path: '/networks/create', body });
  }

  async remove(idOrName: string): Promise<void> {
    (await this.t.request({ method: 'DELETE', path: this.path(idOrName) })).resume();
  }

  /** Removes the networks no container uses; resolves with their names. */
  async prune(filters?: NetworkFilters): Promise<string[]> {
    const res = await this.t.json<NetworkPruneResponse>({ method: 'POST', path: '/networks/prune', query: { filters: filters && JSON.stringify(filters) } });
    return res.NetworksDeleted ?? [];
  }

  /** Attaches a container; aliases and a static address go in EndpointConfig, as `docker network connect` sends them. */
  async connect(idOrName: string, container: string, opts: NetworkConnectOptions = {}): Promise<void> {
    const body = { Container: container, EndpointConfig: endpointConfig(opts) };
    (await this.t.request({ method: 'POST', path: this.path(idOrName, '/connect'), body })).resume();
  }

  async disconnect(idOrName: string, container: string, force = false): Promise<void> {
    (await this.t.request({ method: 'POST', path: this.path(idOrName, '/disconnect'), body: { Container: container, Force: force } })).resume();
  }
}

export function endpointConfig(opts: NetworkConnectOptions): EndpointSettings {
  const cfg: EndpointSettings = {};
  if (opts.aliases?.length) cfg.Aliases = opts.aliases;
  if (opts.ipv4Address || opts.ipv6Address) {
    cfg.IPAMConfig = {
      ...(opts.ipv4Address ? { IPv4Address: opts.ipv4Address } : {}),
      ...(opts.ipv6Address ? { IPv6Address: opts.ipv6Address } : {}),
    };
  }
  return cfg;
}
