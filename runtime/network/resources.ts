// Records → Docker Engine API objects (NetworkResource, EndpointSettings), field for field as
// dockerd returns them, so `docker network inspect` and compose read them unchanged.
import { createHash } from 'node:crypto';
import { dnsNames } from './dns-index';
import { prefixLength } from './ipam';
import type { EndpointRecord, EndpointSettings, NetworkRecord, NetworkResource, SandboxRecord } from './types';

export function toNetworkResource(n: NetworkRecord, sandboxes: Iterable<SandboxRecord>): NetworkResource {
  const containers: NetworkResource['Containers'] = {};
  for (const s of sandboxes) {
    for (const e of s.endpoints.filter((x) => x.networkId === n.id)) {
      containers[s.containerId] = {
        Name: s.name,
        EndpointID: e.endpointId,
        MacAddress: e.mac,
        IPv4Address: `${e.ip}/${prefixLength(n.subnet)}`,
        IPv6Address: '',
      };
    }
  }
  return {
    Name: n.name,
    Id: n.id,
    Created: n.created,
    Scope: 'local',
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: n.subnet, Gateway: n.gateway, ...(n.ipRange ? { IPRange: n.ipRange } : {}) }] },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: n.options,
    Labels: n.labels,
  };
}

/** The pseudo-networks dockerd always lists; they have no bridge and no records. */
export function pseudoNetwork(name: 'host' | 'none', created: string): NetworkResource {
  return {
    Name: name,
    Id: createHash('sha256').update(`berth-pseudo-network-${name}`).digest('hex'),
    Created: created,
    Scope: 'local',
    Driver: name === 'host' ? 'host' : 'null',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: {},
    Options: {},
    Labels: {},
  };
}

export function toEndpointSettings(n: NetworkRecord, s: SandboxRecord, e: EndpointRecord): EndpointSettings {
  return {
    IPAMConfig: e.requestedIp ? { IPv4Address: e.requestedIp } : null,
    Links: e.links.length ? e.links : null,
    Aliases: e.aliases.length ? e.aliases : null,
    MacAddress: e.mac,
    DriverOpts: null,
    NetworkID: n.id,
    EndpointID: e.endpointId,
    Gateway: n.gateway,
    IPAddress: e.ip,
    IPPrefixLen: prefixLength(n.subnet),
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: dnsNames(s, e.aliases),
  };
}
