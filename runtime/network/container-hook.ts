// The adapter the container layer plugs in (runtime/containers/providers.ts NetworkHook): it
// reads the network parts of a container's Docker config (HostConfig, Config, NetworkingConfig)
// into a SandboxRequest, and answers with the netns path, the /etc files and NetworkSettings.
import type { ContainerConfig, HostConfig, NetworkingConfig, NetworkSettings } from '../api/types';
import type { NetworkService } from './network-service';
import type { SandboxInfo, SandboxRequest } from './sandbox-manager';
import type { PortMap } from './types';

export interface ContainerNetworkInfo {
  name: string;
  hostConfig: HostConfig;
  config: ContainerConfig;
  networking?: unknown;
}

export interface ContainerNetworkAttachment {
  netnsPath: string;
  hostsPath?: string;
  resolvConfPath?: string;
  settings?: NetworkSettings;
}

/** -P: every exposed port without a binding gets a random host port, as dockerd does. */
function publishAll(hc: HostConfig, cfg: ContainerConfig): PortMap {
  const out: PortMap = {};
  for (const [k, v] of Object.entries(hc.PortBindings ?? {})) out[k] = (v ?? []).map((b) => ({ HostIp: b.HostIp ?? '', HostPort: b.HostPort ?? '' }));
  if (hc.PublishAllPorts) {
    for (const port of Object.keys(cfg.ExposedPorts ?? {})) {
      const key = port.includes('/') ? port : `${port}/tcp`;
      if (!out[key]?.length) out[key] = [{ HostIp: '', HostPort: '' }];
    }
  }
  return out;
}

export function toSandboxRequest(containerId: string, info: ContainerNetworkInfo): SandboxRequest {
  const hc = info.hostConfig;
  const endpoints = (info.networking as NetworkingConfig | undefined)?.EndpointsConfig ?? {};
  return {
    name: info.name.replace(/^\//, ''),
    hostname: info.config.Hostname || containerId.slice(0, 12),
    networkMode: hc.NetworkMode || 'default',
    endpoints: Object.fromEntries(Object.entries(endpoints).map(([k, v]) => [k, {
      IPAMConfig: v.IPAMConfig ?? null, Aliases: v.Aliases ?? null, MacAddress: v.MacAddress, Links: v.Links ?? null,
    }])),
    portBindings: publishAll(hc, info.config),
    dns: hc.Dns ?? [],
    dnsSearch: hc.DnsSearch ?? [],
    dnsOptions: hc.DnsOptions ?? [],
    extraHosts: hc.ExtraHosts ?? [],
  };
}

/** NetworkSettings as dockerd fills it; the top-level address fields describe the default bridge. */
export function toNetworkSettings(containerId: string, s: SandboxInfo): NetworkSettings {
  const bridge = s.networks.bridge;
  return {
    Bridge: '',
    SandboxID: containerId,
    SandboxKey: s.netnsPath ?? '',
    Ports: s.ports,
    Gateway: bridge?.Gateway ?? '',
    IPAddress: bridge?.IPAddress ?? '',
    IPPrefixLen: bridge?.IPPrefixLen ?? 0,
    MacAddress: bridge?.MacAddress ?? '',
    Networks: s.networks,
  };
}

/** Implements runtime/containers' NetworkHook on top of a NetworkService. */
export function containerNetworkHook(svc: NetworkService) {
  return {
    async prepareNetwork(containerId: string, info: ContainerNetworkInfo): Promise<ContainerNetworkAttachment> {
      const s = await svc.prepareNetwork(containerId, toSandboxRequest(containerId, info));
      return { netnsPath: s.netnsPath ?? '', hostsPath: s.hostsPath, resolvConfPath: s.resolvConfPath, settings: toNetworkSettings(containerId, s) };
    },
    releaseNetwork(containerId: string): Promise<void> {
      return svc.releaseNetwork(containerId);
    },
  };
}
