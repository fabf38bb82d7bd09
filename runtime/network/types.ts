// Docker Engine API shapes this service returns (API v1.41+, as `docker network inspect` prints
// them), and the records it persists. runtime/api serves these objects as they are.

/** POST /networks/create body. */
export interface NetworkCreateRequest {
  Name: string;
  CheckDuplicate?: boolean;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; IPRange?: string; Gateway?: string }>; Options?: Record<string, string> };
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

/** POST /networks/create response. */
export interface NetworkCreateResponse {
  Id: string;
  Warning: string;
}

/** One entry of NetworkResource.Containers. */
export interface NetworkContainer {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

/** GET /networks/{id} and the items of GET /networks. */
export interface NetworkResource {
  Name: string;
  Id: string;
  Created: string;
  Scope: 'local';
  Driver: string;
  EnableIPv6: boolean;
  IPAM: { Driver: string; Options: Record<string, string> | null; Config: Array<{ Subnet: string; Gateway: string; IPRange?: string }> };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Containers: Record<string, NetworkContainer>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** Endpoint settings a caller asks for (NetworkingConfig.EndpointsConfig[name], POST /networks/{id}/connect). */
export interface EndpointSettingsInput {
  IPAMConfig?: { IPv4Address?: string } | null;
  Aliases?: string[] | null;
  MacAddress?: string;
  Links?: string[] | null;
  DriverOpts?: Record<string, string> | null;
}

/** NetworkSettings.Networks[name] of a container inspect. */
export interface EndpointSettings {
  IPAMConfig: { IPv4Address?: string } | null;
  Links: string[] | null;
  Aliases: string[] | null;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  DNSNames: string[] | null;
}

/** HostConfig.PortBindings / NetworkSettings.Ports: "80/tcp" → bindings. */
export type PortMap = Record<string, Array<{ HostIp: string; HostPort: string }> | null>;

/** Persisted network; its Linux bridge exists for as long as the record does. */
export interface NetworkRecord {
  id: string;
  name: string;
  driver: 'bridge';
  created: string;
  internal: boolean;
  attachable: boolean;
  subnet: string;
  gateway: string;
  ipRange?: string;
  userSubnet: boolean;
  bridge: string;
  /** Link group of the bridge and its host veths (link-group.ts); absent in records made before. */
  group?: number;
  options: Record<string, string>;
  labels: Record<string, string>;
}

/** A network creation under way (recovery.ts): its bridge exists from before its record does. */
export interface CreationIntent {
  id: string;
  bridge: string;
  group?: number;
}

/** One attachment of a sandbox to a network. */
export interface EndpointRecord {
  networkId: string;
  endpointId: string;
  ifname: string;
  hostVeth: string;
  ip: string;
  mac: string;
  requestedIp?: string;
  aliases: string[];
  links: string[];
  /** This endpoint carries the namespace's default route. */
  defaultRoute: boolean;
}

/** One published port, resolved (random host ports already chosen). */
export interface PortRecord {
  proto: 'tcp' | 'udp';
  containerPort: number;
  hostIp: string;
  hostPort: number;
}

/** Persisted network state of one container: its namespace, endpoints, ports and DNS settings. */
export interface SandboxRecord {
  containerId: string;
  name: string;
  hostname: string;
  mode: 'bridge' | 'host' | 'none' | 'container';
  /** Absolute path of the namespace file; null in host mode. */
  netnsPath: string | null;
  /** Name under /run/netns when Berth created the namespace. */
  netnsName: string | null;
  joinedContainer?: string;
  endpoints: EndpointRecord[];
  ports: PortRecord[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  extraHosts: string[];
}
