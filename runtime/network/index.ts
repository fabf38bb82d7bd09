// The network service's public face, for runtime/daemon (wiring) and runtime/api (/networks/*).
export { NetworkService, type NetworkFilters } from './network-service';
export type { NetworkServiceOptions } from './context';
export type { SandboxInfo, SandboxRequest } from './sandbox-manager';
export type {
  NetworkCreateRequest, NetworkCreateResponse, NetworkResource, NetworkContainer,
  EndpointSettings, EndpointSettingsInput, PortMap,
} from './types';
export { parsePortSpec } from './port-spec';
export type { Upstream } from './dns-server';
export { containerNetworkHook, toSandboxRequest, toNetworkSettings, type ContainerNetworkInfo, type ContainerNetworkAttachment } from './container-hook';
