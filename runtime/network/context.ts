// State shared by the network service's parts: options, in-memory records, their stores, the DNS
// servers, and the two whole-state syncs (nftables table, per-container /etc files).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { JsonStore } from '../metadata/json-store';
import { RuntimeStore } from './runtime-store';
import { NetworkDnsResolver } from './dns-index';
import { DnsServer, parseResolvConfNameservers, type Upstream } from './dns-server';
import { parseResolvConf, renderHosts, renderResolvConf } from './etc-files';
import { readHostRoutes } from './host-routes';
import { applyRuleset, deleteTable, type NftPort } from './nftables';
import { checkPrefix, defaultPrefix, nftTableName } from './names';
import { NetnsPool } from './netns-pool';
import { deleteLink } from './links';
import { createNetns, deleteNetns } from './netns-file';
import { DyingLinks } from './dying-links';
import { PortReservations } from './port-reservations';
import { bindLibc, type Libc } from './netlink';
import type { CreationIntent, NetworkRecord, SandboxRecord } from './types';

export interface NetworkServiceOptions {
  /** Records under <stateRoot>/network; per-container hosts/resolv.conf under <stateRoot>/network/files. */
  stateRoot: string;
  /** Prefix of every bridge, veth, netns and of the nftables table (tests use their own). Default names.ts defaultPrefix. */
  prefix?: string;
  /** Default address pool, a /poolPrefixLen per network. Default 10.89.0.0/16 and 24. */
  pool?: string;
  poolPrefixLen?: number;
  /** Where names not on a network go; default the nameservers of hostResolvConf. */
  upstreams?: Upstream[];
  hostResolvConf?: string;
  /** Port the embedded DNS listens on at each gateway. Default 53. */
  dnsPort?: number;
  hostRoutes?: () => Promise<string[]>;
  clock?: () => Date;
  /** Monotonic milliseconds (timeouts of the lazy link frees). Default performance.now. */
  monotonic?: () => number;
  randomHex?: (bytes: number) => string;
  randomInt?: (n: number) => number;
  /** Tests: called at named steps of multi-step work (the daemon SIGKILLs itself at a chosen one). */
  crashPoint?: (step: string) => void;
}

export interface Resolved {
  stateRoot: string;
  prefix: string;
  pool: string;
  poolPrefixLen: number;
  hostResolvConf: string;
  upstreams: Upstream[];
  dnsPort: number;
  hostRoutes: () => Promise<string[]>;
  clock: () => Date;
  monotonic: () => number;
  randomHex: (bytes: number) => string;
  randomInt: (n: number) => number;
  crashPoint: (step: string) => void;
}

export async function resolveOptions(o: NetworkServiceOptions): Promise<Resolved> {
  const hostResolvConf = o.hostResolvConf ?? '/etc/resolv.conf';
  const upstreams = o.upstreams ?? parseResolvConfNameservers(await readFile(hostResolvConf, 'utf8').catch(() => ''));
  return {
    stateRoot: o.stateRoot,
    prefix: checkPrefix(o.prefix ?? defaultPrefix(o.stateRoot)),
    pool: o.pool ?? '10.89.0.0/16',
    poolPrefixLen: o.poolPrefixLen ?? 24,
    hostResolvConf,
    upstreams,
    dnsPort: o.dnsPort ?? 53,
    hostRoutes: o.hostRoutes ?? (() => readHostRoutes()),
    clock: o.clock ?? (() => new Date()),
    monotonic: o.monotonic ?? (() => performance.now()),
    randomHex: o.randomHex ?? ((n) => randomBytes(n).toString('hex')),
    randomInt: o.randomInt ?? ((n) => randomInt(n)),
    crashPoint: o.crashPoint ?? (() => undefined),
  };
}

export class NetworkContext {
  readonly networks = new Map<string, NetworkRecord>();
  readonly sandboxes = new Map<string, SandboxRecord>();
  readonly dns = new Map<string, DnsServer>();
  readonly networkStore: JsonStore<NetworkRecord>;
  readonly sandboxStore: RuntimeStore<SandboxRecord>;
  /** Network creations under way (recovery.ts): a crash's bridge is found by them. */
  readonly creationStore: RuntimeStore<CreationIntent>;
  readonly pool: NetnsPool;
  readonly libc: Libc = bindLibc();
  readonly reservations = new PortReservations();
  /** Host veths of released sandboxes that the kernel has not freed yet (see dying-links.ts). */
  readonly dying: DyingLinks;
  private firewallTail: Promise<void> = Promise.resolve();
  /** Link deletes whose kernel work (RCU waits) goes on after their links were unlisted. */
  private readonly deletes = new Set<Promise<unknown>>();
  /** Unknown after a restart, so the first sync with no networks still deletes a stale table. */
  tablePresent = true;

  constructor(readonly opts: Resolved) {
    this.networkStore = new JsonStore(join(opts.stateRoot, 'network', 'networks'));
    this.sandboxStore = new RuntimeStore(join(opts.stateRoot, 'network', 'sandboxes'));
    this.creationStore = new RuntimeStore(join(opts.stateRoot, 'network', 'creating'));
    // Namespace names carry a tag of the state root, so sweeping leftovers never touches the
    // namespaces of another engine (or test run) that uses the same prefix.
    const rootTag = createHash('sha256').update(opts.stateRoot).digest('hex').slice(0, 6);
    this.pool = new NetnsPool(`${opts.prefix}-${rootTag}`, opts.randomHex, {
      create: (name) => createNetns(this.libc, name),
      remove: (name) => deleteNetns(this.libc, name),
    }, 2);
    this.dying = new DyingLinks({
      // A stat of sysfs, on the loop: microseconds, where fs.access queued behind kernel waits
      // on the daemon's two libuv threads (a link delete's send holds one for tens of ms).
      exists: (name) => Promise.resolve(existsSync(`/sys/class/net/${name}`)),
      remove: async (name) => { await deleteLink(this.libc, name); },
      now: opts.monotonic,
    });
  }

  trackDelete(p: Promise<unknown>): void {
    const settled = p.then(() => undefined, () => undefined).finally(() => this.deletes.delete(settled));
    this.deletes.add(settled);
  }

  /** Waits for the tracked deletes (close, reset: the engine may exit next). */
  async deletesInFlight(): Promise<void> {
    await Promise.all([...this.deletes]);
  }

  get table(): string {
    return nftTableName(this.opts.prefix);
  }

  filesDir(containerId: string): string {
    return join(this.opts.stateRoot, 'network', 'files', containerId);
  }

  async startDns(n: NetworkRecord): Promise<void> {
    if (this.dns.has(n.id)) return;
    const resolver = new NetworkDnsResolver(this, n.id, () => this.opts.upstreams);
    const server = new DnsServer({ address: n.gateway, port: this.opts.dnsPort, resolver });
    await server.start();
    this.dns.set(n.id, server);
  }

  async stopDns(id: string): Promise<void> {
    await this.dns.get(id)?.close();
    this.dns.delete(id);
  }

  /**
   * Re-renders the one nftables table from the records, or deletes it when no network is left.
   * Syncs run one after another, each rendering the state of its own start, so two overlapping
   * callers (a removal's sync runs beside its bridge delete) never land out of order.
   */
  syncFirewall(): Promise<void> {
    const run = this.firewallTail.then(() => this.syncFirewallNow(), () => this.syncFirewallNow());
    this.firewallTail = run.catch(() => undefined);
    return run;
  }

  private async syncFirewallNow(): Promise<void> {
    const nets = [...this.networks.values()];
    if (nets.length === 0) {
      if (this.tablePresent) await deleteTable(this.table);
      this.tablePresent = false;
      return;
    }
    const ports: NftPort[] = [];
    for (const s of this.sandboxes.values()) {
      const target = s.endpoints[0];
      if (!target) continue;
      for (const p of s.ports) ports.push({ proto: p.proto, hostIp: p.hostIp, hostPort: p.hostPort, targetIp: target.ip, targetPort: p.containerPort });
    }
    // enable_ip_masquerade=false (a driver_opt dockerd honours) keeps forwarding but drops the NAT.
    const nftNets = nets.map((n) => ({
      bridge: n.bridge, subnet: n.subnet, gateway: n.gateway, internal: n.internal,
      masquerade: n.options['com.docker.network.bridge.enable_ip_masquerade'] !== 'false',
    }));
    await applyRuleset(this.table, nftNets, ports);
    this.tablePresent = true;
  }

  /** Writes hosts, resolv.conf and hostname in place (bind mounts keep pointing at the same inode). */
  async writeEtcFiles(s: SandboxRecord): Promise<void> {
    const dir = this.filesDir(s.containerId);
    await mkdir(dir, { recursive: true });
    const first = s.endpoints[0] ? this.networks.get(s.endpoints[0].networkId) : undefined;
    const hosts = renderHosts({ hostname: s.hostname, ips: s.endpoints.map((e) => e.ip), extraHosts: s.extraHosts, hostGateway: first?.gateway });
    await writeFile(join(dir, 'hosts'), hosts);
    await writeFile(join(dir, 'resolv.conf'), await this.resolvConf(s, first));
    await writeFile(join(dir, 'hostname'), `${s.hostname}\n`);
  }

  private async resolvConf(s: SandboxRecord, first: NetworkRecord | undefined): Promise<string> {
    if (first) {
      // Embedded DNS, as Docker does on user networks; it forwards to `dns` or the host's resolvers.
      const options = s.dnsOptions.some((o) => o.startsWith('ndots:')) ? s.dnsOptions : ['ndots:0', ...s.dnsOptions];
      return renderResolvConf({ nameservers: [first.gateway], search: s.dnsSearch, options });
    }
    const host = parseResolvConf(await readFile(this.opts.hostResolvConf, 'utf8').catch(() => ''));
    return renderResolvConf({
      nameservers: s.dns.length ? s.dns : host.nameservers,
      search: s.dnsSearch.length ? s.dnsSearch : host.search,
      options: s.dnsOptions.length ? s.dnsOptions : host.options,
    });
  }
}
