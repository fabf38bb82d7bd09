// The names Berth's DNS answers, computed from the live records on each query (a few hundred
// endpoints at most: a scan is cheaper than keeping a second index in sync).
// A client sees the names of every network its container is on, its querying network first, as
// Docker's embedded resolver does; a replica set (several containers sharing an alias, e.g. a
// compose service name) yields one A record per replica.
import type { DnsResolver, Upstream } from './dns-server';
import type { NetworkRecord, SandboxRecord } from './types';

export interface DnsState {
  networks: Map<string, NetworkRecord>;
  sandboxes: Map<string, SandboxRecord>;
}

/** The names a container answers to on one network: its name, short id and aliases. */
export function dnsNames(sandbox: SandboxRecord, aliases: string[]): string[] {
  return [...new Set([sandbox.name, sandbox.containerId.slice(0, 12), ...aliases])];
}

export class NetworkDnsResolver implements DnsResolver {
  constructor(
    private readonly state: DnsState,
    private readonly networkId: string,
    private readonly hostUpstreams: () => Upstream[],
  ) {}

  private clientSandbox(clientIp: string): SandboxRecord | undefined {
    for (const s of this.state.sandboxes.values()) {
      if (s.endpoints.some((e) => e.ip === clientIp)) return s;
    }
    return undefined;
  }

  /** Networks to search: this one, then the client's other networks in endpoint order. */
  private searchOrder(clientIp: string): string[] {
    const s = this.clientSandbox(clientIp);
    const others = s ? s.endpoints.map((e) => e.networkId).filter((id) => id !== this.networkId) : [];
    return [this.networkId, ...others];
  }

  lookup(clientIp: string, name: string): string[] | undefined {
    for (const netId of this.searchOrder(clientIp)) {
      // "<name>.<network>" is answered too, as dockerd's resolver does.
      const suffix = `.${this.state.networks.get(netId)?.name ?? ''}`.toLowerCase();
      const lower = name.toLowerCase();
      const wanted = lower.endsWith(suffix) ? lower.slice(0, -suffix.length) : lower;
      const ips: string[] = [];
      for (const s of this.state.sandboxes.values()) {
        for (const e of s.endpoints) {
          if (e.networkId === netId && dnsNames(s, e.aliases).some((n) => n.toLowerCase() === wanted)) ips.push(e.ip);
        }
      }
      if (ips.length) return ips;
    }
    return undefined;
  }

  reverse(clientIp: string, ip: string): string | undefined {
    const nets = new Set(this.searchOrder(clientIp));
    for (const s of this.state.sandboxes.values()) {
      const e = s.endpoints.find((x) => x.ip === ip && nets.has(x.networkId));
      if (e) return `${s.name}.${this.state.networks.get(e.networkId)?.name ?? ''}`.replace(/\.$/, '');
    }
    return undefined;
  }

  upstreams(clientIp: string): Upstream[] {
    // An internal network has no way out, so neither has its DNS.
    if (this.state.networks.get(this.networkId)?.internal) return [];
    const s = this.clientSandbox(clientIp);
    if (s && s.dns.length) return s.dns.map(parseUpstream);
    return this.hostUpstreams();
  }
}

/** "1.2.3.4" or "1.2.3.4:5353". */
export function parseUpstream(text: string): Upstream {
  const [host, port] = text.split(':');
  return { host, port: port ? Number(port) : 53 };
}
