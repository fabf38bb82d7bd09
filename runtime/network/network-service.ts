// NetworkService: the engine's `bridge` driver. Networks (create/inspect/list/remove/prune, as
// Docker's /networks API) and the per-container hooks the task layer calls around a start
// (prepareNetwork → namespace path for config.json; releaseNetwork after the task is gone).
import { asEngineError, EngineError } from '../errors';
import { NetworkContext, resolveOptions, type NetworkServiceOptions } from './context';
import { chooseSubnet, prefixLength, type SubnetChoice } from './ipam';
import { ensureBridge, linkExists, netnsExists } from './links';
import { linkGroup, removeNetworkLinks } from './link-group';
import { ifName } from './names';
import { pseudoNetwork, toNetworkResource } from './resources';
import { SandboxManager, type SandboxInfo, type SandboxRequest } from './sandbox-manager';
import { Mutex } from './mutex';
import { dropVanishedEndpoints, removeAllPrefixed, rollBackCreations, sweepStrayVeths } from './recovery';
import type { EndpointSettingsInput, NetworkCreateRequest, NetworkCreateResponse, NetworkRecord, NetworkResource } from './types';

/** Docker's `filters` query: {"label": ["a=b"], "name": ["x"], "id": [...], "driver": [...]}. */
export type NetworkFilters = Record<string, string[]>;

const PREDEFINED = new Set(['bridge', 'host', 'none']);

export class NetworkService {
  private readonly lock = new Mutex();
  private readonly sandboxes: SandboxManager;

  /** Containers whose sandbox open() changed (a disconnect it finished): their NetworkSettings are stale. */
  readonly changedAtOpen: string[] = [];

  private constructor(private readonly ctx: NetworkContext) {
    this.sandboxes = new SandboxManager(ctx, (name) => this.ensureNetwork(name));
  }

  /** Loads the records and brings back what a restart lost (bridges, DNS servers, the nft table). */
  static async open(options: NetworkServiceOptions): Promise<NetworkService> {
    const ctx = new NetworkContext(await resolveOptions(options));
    for (const { value } of await ctx.networkStore.list()) ctx.networks.set(value.id, value);
    for (const { value } of await ctx.sandboxStore.list()) {
      // A namespace gone since the record was written (a reboot): the sandbox is gone with it.
      if (value.netnsName && !(await netnsExists(value.netnsName))) await ctx.sandboxStore.delete(value.containerId);
      else ctx.sandboxes.set(value.containerId, value);
    }
    // Before the bridges are ensured: a creation a crash cut short may hold the same address.
    await rollBackCreations(ctx);
    for (const n of ctx.networks.values()) {
      await ensureBridge(ctx.libc, n.bridge, n.gateway, prefixLength(n.subnet), n.group);
      await ctx.startDns(n);
    }
    // Hold the published ports again; one taken meanwhile is logged by the caller's inspect, not fatal.
    for (const s of ctx.sandboxes.values()) await ctx.reservations.reserve(s.ports).catch(() => undefined);
    await ctx.syncFirewall();
    await ctx.pool.sweep(new Set([...ctx.sandboxes.values()].map((s) => s.netnsName ?? '')));
    await sweepStrayVeths(ctx);
    const changed = await dropVanishedEndpoints(ctx);
    if (ctx.networks.size) ctx.pool.refill();
    const svc = new NetworkService(ctx);
    svc.changedAtOpen.push(...changed);
    return svc;
  }

  create(req: NetworkCreateRequest): Promise<NetworkCreateResponse> {
    // Only the engine makes `bridge` (ensureNetwork); a user may not, as dockerd answers 403.
    if (PREDEFINED.has(req.Name)) return Promise.reject(new EngineError('FAILED_PRECONDITION', `operation is not permitted on predefined ${req.Name} network`));
    return this.lock.run(async () => ({
      Id: (await this.createLocked(req)).id,
      Warning: req.EnableIPv6 ? 'IPv6 is not supported by Berth yet: the network was created IPv4-only' : '',
    }));
  }

  private async createLocked(req: NetworkCreateRequest): Promise<NetworkRecord> {
    const driver = req.Driver || 'bridge';
    if (!req.Name) throw new EngineError('INVALID_ARGUMENT', 'network name is required');
    if (PREDEFINED.has(req.Name) && driver !== 'bridge') throw new EngineError('FAILED_PRECONDITION', `${req.Name} is a pre-defined network and cannot be created`);
    if (driver !== 'bridge') throw new EngineError('NOT_IMPLEMENTED', `network driver "${driver}" is not supported (only bridge)`);
    if (this.find(req.Name)) throw new EngineError('CONFLICT', `network with name ${req.Name} already exists`);
    const cfg = req.IPAM?.Config?.[0];
    const avoid: string[] = [];
    for (;;) {
      const taken = [...[...this.ctx.networks.values()].map((n) => n.subnet), ...avoid];
      const choice = chooseSubnet(cfg, taken, await this.ctx.opts.hostRoutes(), { pool: this.ctx.opts.pool, prefixLen: this.ctx.opts.poolPrefixLen });
      try {
        return await this.createIn(req, choice, !!cfg?.Subnet);
      } catch (err) {
        // A pool subnet whose gateway address something on the host still listens on (seen: a
        // DNS server another engine kept after its bridge had gone; no route shows it): the pool
        // moves on to its next subnet, as no one asked for this one.
        if (cfg?.Subnet || !/EADDRINUSE/.test(String(err)) || avoid.length >= 8) throw err;
        avoid.push(choice.subnet);
      }
    }
  }

  private async createIn(req: NetworkCreateRequest, choice: SubnetChoice, userSubnet: boolean): Promise<NetworkRecord> {
    const id = this.ctx.opts.randomHex(32);
    const rec: NetworkRecord = {
      id, name: req.Name, driver: 'bridge', created: this.ctx.opts.clock().toISOString(),
      internal: !!req.Internal, attachable: !!req.Attachable, ...choice, userSubnet,
      bridge: bridgeName(req.Options, ifName(this.ctx.opts.prefix, 'b', id)), group: linkGroup(this.ctx.opts.prefix, this.ctx.opts.stateRoot, id), options: req.Options ?? {}, labels: req.Labels ?? {},
    };
    // Never adopt an existing interface: removing the network would delete it.
    if (await linkExists(rec.bridge)) throw new EngineError('CONFLICT', `interface ${rec.bridge} already exists on the host`);
    // The intent goes first, so a crash before the record leaves a bridge the next start finds.
    await this.ctx.creationStore.put(id, { id, bridge: rec.bridge, group: rec.group });
    try {
      await ensureBridge(this.ctx.libc, rec.bridge, rec.gateway, prefixLength(rec.subnet), rec.group);
      this.ctx.opts.crashPoint('network-create');
      this.ctx.networks.set(id, rec);
      await this.ctx.startDns(rec);
      await this.ctx.syncFirewall();
      await this.ctx.networkStore.put(id, rec);
      this.ctx.pool.refill();
    } catch (err) {
      await this.dropNetwork(rec).catch(() => undefined);
      await this.ctx.creationStore.delete(id).catch(() => undefined);
      throw asEngineError(err, 'INTERNAL', `creating network ${req.Name}`);
    }
    await this.ctx.creationStore.delete(id);
    return rec;
  }

  /** The default `bridge` network and compose's networks are created on first use. */
  private async ensureNetwork(nameOrId: string): Promise<NetworkRecord> {
    const found = this.find(nameOrId);
    if (found) return found;
    if (nameOrId === 'bridge') {
      return this.createLocked({ Name: 'bridge', Options: { 'com.docker.network.bridge.default_bridge': 'true' } });
    }
    throw new EngineError('NOT_FOUND', `network ${nameOrId} not found`);
  }

  private find(idOrName: string): NetworkRecord | undefined {
    const all = [...this.ctx.networks.values()];
    const exact = all.find((n) => n.id === idOrName) ?? all.find((n) => n.name === idOrName);
    if (exact) return exact;
    const byPrefix = all.filter((n) => n.id.startsWith(idOrName));
    if (byPrefix.length > 1) throw new EngineError('INVALID_ARGUMENT', `network ${idOrName} is ambiguous (${byPrefix.length} matches)`);
    return byPrefix[0];
  }

  async inspect(idOrName: string): Promise<NetworkResource> {
    if (idOrName === 'host' || idOrName === 'none') return pseudoNetwork(idOrName, new Date(0).toISOString());
    const n = this.find(idOrName);
    if (!n) throw new EngineError('NOT_FOUND', `network ${idOrName} not found`);
    return toNetworkResource(n, this.ctx.sandboxes.values());
  }

  async list(filters: NetworkFilters = {}): Promise<NetworkResource[]> {
    const epoch = new Date(0).toISOString();
    const all = [...[...this.ctx.networks.values()].map((n) => toNetworkResource(n, this.ctx.sandboxes.values())), pseudoNetwork('host', epoch), pseudoNetwork('none', epoch)];
    return all.filter((n) => matches(n, filters));
  }

  remove(idOrName: string): Promise<void> {
    return this.lock.run(async () => {
      const n = this.find(idOrName);
      // By name or id, and whether or not `bridge` was made yet, as dockerd refuses it (403).
      const name = n?.name ?? idOrName;
      if (PREDEFINED.has(name)) throw new EngineError('FAILED_PRECONDITION', `${name} is a pre-defined network and cannot be removed`);
      if (!n) throw new EngineError('NOT_FOUND', `network ${idOrName} not found`);
      const users = [...this.ctx.sandboxes.values()].filter((s) => s.endpoints.some((e) => e.networkId === n.id));
      if (users.length) throw new EngineError('CONFLICT', `error while removing network: network ${n.name} id ${n.id} has active endpoints (${users.map((u) => u.name).join(', ')})`);
      // Their namespaces unmounted too: nothing of the network's containers is left either.
      await this.sandboxes.releasesDone();
      await this.dropNetwork(n);
    });
  }

  /**
   * DNS server, bridge, veths, firewall, record, all waited for (as dockerd's network rm: when
   * `down` returns, nothing of the network is left), none on the event loop. The bridge and the
   * host veths of the released sandboxes go in one group delete on a worker thread, waited for
   * until they are unlisted (link-group.ts: ~15-30 ms, instead of waiting for the namespaces'
   * cleanup to free the veths, then for the bridge's own delete), beside the `nft -f` spawn
   * (~16-25 ms; the rules name the bridge, not its index) and beside the settle of dying veths
   * (dying-links.ts; what a group delete did not take: by name, bounded).
   */
  private async dropNetwork(n: NetworkRecord): Promise<void> {
    await this.ctx.stopDns(n.id);
    this.ctx.networks.delete(n.id);
    const vethPrefix = ifName(this.ctx.opts.prefix, 'v', '');
    const links = removeNetworkLinks(this.ctx.libc, n, {
      veths: this.ctx.dying.names(n.id), isOurs: (name) => name.startsWith(vethPrefix), track: (p) => this.ctx.trackDelete(p),
    });
    const results = await Promise.allSettled([links, this.ctx.syncFirewall(), this.ctx.dying.settle(n.id)]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    this.ctx.opts.crashPoint('network-remove');
    // The record goes last: an engine that dies half-way through finds the network on open()
    // (bridge made again if it had gone) and a second rm or down removes it, as dockerd's would;
    // deleted first, a bridge left behind had no record to be found by.
    await this.ctx.networkStore.delete(n.id);
    // With the last network gone, spare namespaces would only linger: nothing can attach.
    if (this.ctx.networks.size === 0) await this.ctx.pool.drain();
  }

  /** Removes every network no container uses; returns their names (NetworksDeleted). */
  async prune(filters: NetworkFilters = {}): Promise<string[]> {
    const removed: string[] = [];
    for (const n of await this.list(filters)) {
      if (PREDEFINED.has(n.Name) || Object.keys(n.Containers).length) continue;
      await this.remove(n.Id);
      removed.push(n.Name);
    }
    return removed;
  }

  /** POST /networks/{id}/connect for a running container (one that went through prepareNetwork). */
  connect(idOrName: string, containerId: string, cfg: EndpointSettingsInput = {}): Promise<void> {
    return this.lock.run(async () => this.sandboxes.connect(await this.ensureNetwork(idOrName), containerId, cfg));
  }

  disconnect(idOrName: string, containerId: string): Promise<void> {
    return this.lock.run(async () => {
      const n = this.find(idOrName);
      if (!n) throw new EngineError('NOT_FOUND', `network ${idOrName} not found`);
      await this.sandboxes.disconnect(n, containerId);
    });
  }

  /** Hook for the task layer: builds the container's namespace; returns the path for config.json. */
  prepareNetwork(containerId: string, req: SandboxRequest): Promise<SandboxInfo> {
    return this.lock.run(() => this.sandboxes.prepare(containerId, req));
  }

  /**
   * Hook for the task layer: undoes prepareNetwork (idempotent). The lock covers the state change
   * only; the unmount, files and record (`done`) run outside it, so releases overlap.
   */
  async releaseNetwork(containerId: string): Promise<void> {
    const { done } = await this.lock.run(() => this.sandboxes.release(containerId));
    await done;
  }

  /** What a container inspect shows under NetworkSettings, or undefined when not prepared. */
  sandboxInfo(containerId: string): SandboxInfo | undefined {
    return this.sandboxes.info(containerId);
  }

  /**
   * After a crash, once the containers are recovered: the sandboxes of containers that do not
   * run (a start the crash cut short, an exit it missed) are released, so a later start of the
   * same container does not find one ("network sandbox already exists"); returns their ids.
   */
  releaseOrphans(running: ReadonlySet<string>): Promise<string[]> {
    return this.lock.run(async () => {
      const orphans = [...this.ctx.sandboxes.keys()].filter((id) => !running.has(id));
      // Joined sandboxes first: their target's namespace is then no longer shared.
      orphans.sort((a, b) => Number(this.ctx.sandboxes.get(b)?.mode === 'container') - Number(this.ctx.sandboxes.get(a)?.mode === 'container'));
      for (const id of orphans) await (await this.sandboxes.release(id)).done;
      await this.ctx.dying.settle();
      return orphans;
    });
  }

  /** Engine reset: every sandbox, network, bridge and the nft table go. */
  reset(): Promise<void> {
    return this.lock.run(async () => {
      for (const id of [...this.ctx.sandboxes.keys()]) await (await this.sandboxes.release(id)).done;
      const groups = [...this.ctx.networks.values()].flatMap((n) => (n.group === undefined ? [] : [n.group]));
      for (const n of [...this.ctx.networks.values()]) await this.dropNetwork(n).catch(() => undefined);
      // What no record names any more (a crashed creation, a veth of a lost sandbox) goes too:
      // every link and namespace with this engine's prefix.
      await rollBackCreations(this.ctx);
      await removeAllPrefixed(this.ctx, groups);
      await this.ctx.pool.sweepPrefix(`${this.ctx.opts.prefix}-`);
      await this.ctx.pool.drain();
      this.ctx.tablePresent = true;
      await this.ctx.syncFirewall();
      // Nothing of this engine is left behind, not even veths the kernel was still freeing.
      await this.ctx.dying.settle();
      await this.ctx.deletesInFlight();
    });
  }

  /** Stops the DNS servers and drops spare namespaces; containers' kernel state stays, so they keep working across a restart. */
  async close(): Promise<void> {
    await this.lock.run(async () => {
      await this.sandboxes.releasesDone();
      for (const id of [...this.ctx.dns.keys()]) await this.ctx.stopDns(id);
      await this.ctx.pool.drain();
      await this.ctx.reservations.releaseAll();
      await this.ctx.dying.settle();
      await this.ctx.deletesInFlight();
    });
  }
}

/** driver_opts com.docker.network.bridge.name picks the Linux name, as dockerd's bridge driver. */
function bridgeName(options: Record<string, string> | undefined, fallback: string): string {
  const name = options?.['com.docker.network.bridge.name'];
  if (name === undefined) return fallback;
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(name)) throw new EngineError('INVALID_ARGUMENT', `invalid bridge name "${name}" (1-15 of [A-Za-z0-9_.-])`);
  return name;
}

function matches(n: NetworkResource, f: NetworkFilters): boolean {
  const labels = f.label ?? [];
  const okLabels = labels.every((l) => {
    const [k, v] = l.split('=');
    return v === undefined ? k in n.Labels : n.Labels[k] === v;
  });
  const any = (key: string, test: (v: string) => boolean) => !f[key]?.length || f[key].some(test);
  return okLabels && any('name', (v) => n.Name.includes(v)) && any('id', (v) => n.Id.startsWith(v)) && any('driver', (v) => n.Driver === v);
}
