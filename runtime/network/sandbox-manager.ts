// A container's network sandbox: its named namespace, one endpoint (veth + address + DNS names) per
// network, its published ports and its /etc files. Built by prepareNetwork before the task starts,
// torn down by releaseNetwork; connect/disconnect change a running one.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../errors';
import type { NetworkContext } from './context';
import { allocateAddress, prefixLength } from './ipam';
import { macForIp, parseIp } from './ipv4';
import { attachVeth, deleteLink, replaceDefaultRoute } from './links';
import { deleteNetns } from './netns-file';
import { ifName } from './names';
import { allocatePorts, type TakenPort } from './ports';
import { portRequests } from './port-spec';
import { toEndpointSettings } from './resources';
import type { EndpointRecord, EndpointSettings, EndpointSettingsInput, NetworkRecord, PortMap, SandboxRecord } from './types';

/** What the task layer passes: the network parts of the container's config (Docker names). */
export interface SandboxRequest {
  /** Container name without the leading slash; registered in DNS. */
  name: string;
  hostname?: string;
  /** HostConfig.NetworkMode: "bridge" | "default" | "host" | "none" | "container:<id>" | a network name. */
  networkMode?: string;
  /** NetworkingConfig.EndpointsConfig. */
  endpoints?: Record<string, EndpointSettingsInput>;
  portBindings?: PortMap;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  extraHosts?: string[];
}

/** What prepareNetwork returns: paths for config.json and the container's NetworkSettings. */
export interface SandboxInfo {
  /** Namespace file for config.json's linux.namespaces[network].path; null = host's namespace. */
  netnsPath: string | null;
  hostsPath: string;
  resolvConfPath: string;
  hostnamePath: string;
  /** NetworkSettings.Networks. */
  networks: Record<string, EndpointSettings>;
  /** NetworkSettings.Ports. */
  ports: PortMap;
}

export class SandboxManager {
  /** Releases whose unmount, files and record delete still run (outside the service's lock). */
  private readonly releasing = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: NetworkContext,
    private readonly ensureNetwork: (name: string) => Promise<NetworkRecord>,
  ) {}

  async prepare(containerId: string, req: SandboxRequest): Promise<SandboxInfo> {
    // The same container back at once: its old files must be gone before the new ones are written.
    await this.releasing.get(containerId)?.catch(() => undefined);
    if (this.ctx.sandboxes.has(containerId)) throw new EngineError('ALREADY_EXISTS', `network sandbox of ${containerId} already exists`);
    const mode = req.networkMode || 'default';
    const sb: SandboxRecord = {
      containerId, name: req.name, hostname: req.hostname || containerId.slice(0, 12), mode: 'bridge',
      netnsPath: null, netnsName: null, endpoints: [], ports: [],
      dns: req.dns ?? [], dnsSearch: req.dnsSearch ?? [], dnsOptions: req.dnsOptions ?? [], extraHosts: req.extraHosts ?? [],
    };
    if (mode.startsWith('container:')) return this.join(sb, mode.slice('container:'.length));
    try {
      const wire = mode === 'host' ? ((sb.mode = 'host'), []) : await this.planNamespace(sb, mode, req);
      this.ctx.sandboxes.set(containerId, sb);
      // Kernel work, files and the record are independent once addresses are chosen: overlap
      // them, but let every one finish before a failure is handled (no write after the cleanup).
      const results = await Promise.allSettled([
        (async () => { for (const w of wire) await w(); })(),
        sb.ports.length ? this.ctx.syncFirewall() : undefined,
        this.ctx.writeEtcFiles(sb),
        this.ctx.sandboxStore.put(containerId, sb),
      ]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      this.ctx.opts.crashPoint('network-attach');
    } catch (err) {
      this.ctx.sandboxes.delete(containerId);
      const cleanup = await this.undo(sb).then(() => undefined, (e: unknown) => e);
      throw new EngineError(errCode(err), `preparing network of ${req.name}: ${msg(err)}${cleanup ? `; cleanup also failed: ${msg(cleanup)}` : ''}`, { cause: err });
    }
    // Refill the spare namespaces after this call has returned: spawn() blocks the thread for
    // milliseconds, so it must not land inside an attach. No spare is kept while no network
    // exists (`none` containers alone), since nothing would drain it.
    if (this.ctx.networks.size > 0) setImmediate(() => this.ctx.pool.refill());
    return this.info(containerId) as SandboxInfo;
  }

  /** Takes a namespace and chooses addresses and ports; returns the kernel steps still to run. */
  private async planNamespace(sb: SandboxRecord, mode: string, req: SandboxRequest): Promise<Array<() => Promise<void>>> {
    sb.netnsName = await this.ctx.pool.take();
    sb.netnsPath = `/run/netns/${sb.netnsName}`;
    if (mode === 'none') {
      sb.mode = 'none';
      return [];
    }
    const primary = mode === 'default' ? 'bridge' : mode;
    const names = [primary, ...Object.keys(req.endpoints ?? {}).filter((n) => n !== primary)];
    const wire: Array<() => Promise<void>> = [];
    for (const name of names) {
      const net = await this.ensureNetwork(name);
      wire.push(this.plan(sb, net, req.endpoints?.[name] ?? {}));
    }
    const taken: TakenPort[] = [...this.ctx.sandboxes.values()].flatMap((s) => s.ports.map((p) => ({ ...p, owner: s.name })));
    sb.ports = await allocatePorts(portRequests(req.portBindings), taken, sb.name, this.ctx.opts.randomInt);
    await this.ctx.reservations.reserve(sb.ports);
    return wire;
  }

  /** network_mode container:<id>: share its namespace and files, own nothing. */
  private async join(sb: SandboxRecord, target: string): Promise<SandboxInfo> {
    const other = [...this.ctx.sandboxes.values()].find((s) => s.containerId === target || s.name === target || s.containerId.startsWith(target));
    if (!other || other.mode === 'container') throw new EngineError('FAILED_PRECONDITION', `cannot join the network namespace of container ${target}: it is not running`);
    const joined: SandboxRecord = { ...sb, mode: 'container', joinedContainer: other.containerId, netnsPath: other.netnsPath };
    this.ctx.sandboxes.set(sb.containerId, joined);
    await this.ctx.sandboxStore.put(sb.containerId, joined);
    return this.info(sb.containerId) as SandboxInfo;
  }

  /** Allocates the endpoint and records it on the sandbox; returns the step that wires the veth. */
  private plan(sb: SandboxRecord, net: NetworkRecord, cfg: EndpointSettingsInput): () => Promise<void> {
    if (sb.endpoints.some((e) => e.networkId === net.id)) throw new EngineError('CONFLICT', `container ${sb.name} is already attached to network ${net.name}`);
    const used = [...this.ctx.sandboxes.values(), sb].flatMap((s) => s.endpoints.filter((e) => e.networkId === net.id).map((e) => e.ip));
    if (cfg.MacAddress && !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(cfg.MacAddress)) throw new EngineError('INVALID_ARGUMENT', `invalid MAC address "${cfg.MacAddress}"`);
    const requestedIp = cfg.IPAMConfig?.IPv4Address || undefined;
    const ip = allocateAddress(net, used, requestedIp, this.ctx.dying.ips(net.id));
    const taken = new Set(sb.endpoints.map((e) => e.ifname));
    let n = 0;
    while (taken.has(`eth${n}`)) n++;
    const defaultRoute = !net.internal && !sb.endpoints.some((e) => e.defaultRoute);
    const ep: EndpointRecord = {
      networkId: net.id, endpointId: this.ctx.opts.randomHex(32), ifname: `eth${n}`, hostVeth: this.hostVethName(), ip, mac: cfg.MacAddress || macForIp(parseIp(ip)),
      ...(requestedIp ? { requestedIp } : {}), aliases: cfg.Aliases ?? [], links: cfg.Links ?? [], defaultRoute,
    };
    // Recorded before the kernel work, so a failure half-way is still torn down by teardown().
    sb.endpoints.push(ep);
    return () => attachVeth({
      netns: sb.netnsName as string, bridge: net.bridge, group: net.group, hostVeth: ep.hostVeth, ifname: ep.ifname, mac: ep.mac,
      ip, prefixLen: prefixLength(net.subnet), defaultGateway: defaultRoute ? net.gateway : undefined,
    }, this.ctx.libc);
  }

  /** A random name that no live endpoint nor a veth the kernel is still freeing has. */
  private hostVethName(): string {
    const inUse = new Set([...this.ctx.sandboxes.values()].flatMap((s) => s.endpoints.map((e) => e.hostVeth)));
    for (let i = 0; i < 8; i++) {
      const name = ifName(this.ctx.opts.prefix, 'v', this.ctx.opts.randomHex(8));
      if (!inUse.has(name) && !this.ctx.dying.has(name)) return name;
    }
    throw new EngineError('CONFLICT', 'no free host veth name (the random source repeats itself)');
  }

  async connect(net: NetworkRecord, containerId: string, cfg: EndpointSettingsInput): Promise<void> {
    const sb = this.running(containerId);
    const before = sb.endpoints.length;
    try {
      await this.plan(sb, net, cfg)();
    } catch (err) {
      const added = sb.endpoints.splice(before);
      // The error that matters is err.
      await Promise.all(added.map((e) => deleteLink(this.ctx.libc, e.hostVeth).catch(() => undefined)));
      throw err;
    }
    this.ctx.opts.crashPoint('network-connect');
    await this.ctx.writeEtcFiles(sb);
    await this.ctx.sandboxStore.put(containerId, sb);
  }

  async disconnect(net: NetworkRecord, containerId: string): Promise<void> {
    const sb = this.running(containerId);
    const ep = sb.endpoints.find((e) => e.networkId === net.id);
    if (!ep) throw new EngineError('NOT_FOUND', `container ${sb.name} is not connected to network ${net.name}`);
    // The container keeps running: its veth goes now, with the kernel's wait off the event loop.
    await deleteLink(this.ctx.libc, ep.hostVeth);
    this.ctx.opts.crashPoint('network-disconnect');
    sb.endpoints = sb.endpoints.filter((e) => e !== ep);
    const next = sb.endpoints.find((e) => !this.ctx.networks.get(e.networkId)?.internal);
    if (ep.defaultRoute && next) {
      // The default route left with the endpoint; the next egress network takes it over.
      next.defaultRoute = true;
      await replaceDefaultRoute(this.ctx.libc, sb.netnsName as string, this.ctx.networks.get(next.networkId)?.gateway as string, next.ifname);
    }
    if (sb.ports.length) await this.ctx.syncFirewall();
    await this.ctx.writeEtcFiles(sb);
    await this.ctx.sandboxStore.put(containerId, sb);
  }

  private running(containerId: string): SandboxRecord {
    const sb = this.ctx.sandboxes.get(containerId);
    if (!sb || sb.mode !== 'bridge') {
      throw new EngineError('FAILED_PRECONDITION', `container ${containerId} has no bridge network sandbox (not running, or network mode host/none/container); pass its networks to prepareNetwork instead`);
    }
    return sb;
  }

  /**
   * Under the service's lock, the state: ports freed, host veths handed to dying-links.ts (or,
   * for a namespace joiners still use, deleted), the sandbox forgotten. Returned in `done`, to be
   * awaited outside the lock: the namespace unmount, the files, the firewall and the record, side
   * by side. `down` releases 10 sandboxes at once: done one after another under the lock, with
   * the daemon's two libuv threads shared with the containers' teardown, they took 5-45 ms each,
   * ~320 ms in all, and the network removal waits for them.
   */
  async release(containerId: string): Promise<{ done: Promise<void> }> {
    const sb = this.ctx.sandboxes.get(containerId);
    if (!sb) return { done: this.releasing.get(containerId) ?? Promise.resolve() };
    await this.ctx.reservations.release(sb.ports);
    await this.dropLinks(sb);
    this.ctx.sandboxes.delete(containerId);
    const done = Promise.all([
      sb.netnsName ? deleteNetns(this.ctx.libc, sb.netnsName) : undefined,
      sb.mode !== 'container' ? rm(this.ctx.filesDir(containerId), { recursive: true, force: true }) : undefined,
      sb.ports.length ? this.ctx.syncFirewall() : undefined,
      this.ctx.sandboxStore.delete(containerId),
    ]).then(() => undefined);
    this.releasing.set(containerId, done);
    const forget = () => { if (this.releasing.get(containerId) === done) this.releasing.delete(containerId); };
    done.then(forget, forget);
    return { done };
  }

  /** Waits for every release's work begun so far (network removal, reset, close). */
  async releasesDone(): Promise<void> {
    await Promise.allSettled([...this.releasing.values()]);
  }

  /** A failed prepare: kernel objects, files, the record, and the DNAT rules if any went in. */
  private async undo(sb: SandboxRecord): Promise<void> {
    await this.teardown(sb);
    await this.ctx.sandboxStore.delete(sb.containerId);
    if (sb.ports.length) await this.ctx.syncFirewall();
  }

  /**
   * Ports, kernel objects, files. Release runs after the container's processes are gone, so its
   * named mount is the namespace's last reference: unmounting it lets the kernel destroy the
   * namespace asynchronously, and its veths with their host ends (dying-links.ts), instead of
   * deleting each host veth here (15-40 ms of RCU waits each). A namespace that joined containers
   * (network_mode container:) still use stays alive with them: its host veths are deleted first,
   * so its addresses leave the bridge now, as before.
   */
  private async teardown(sb: SandboxRecord): Promise<void> {
    await this.ctx.reservations.release(sb.ports);
    await this.dropLinks(sb);
    if (sb.netnsName) await deleteNetns(this.ctx.libc, sb.netnsName);
    if (sb.mode !== 'container') await rm(this.ctx.filesDir(sb.containerId), { recursive: true, force: true });
  }

  /** Host veths: left to the kernel with the namespace (dying-links.ts), or deleted if joiners keep it. */
  private async dropLinks(sb: SandboxRecord): Promise<void> {
    const shared = [...this.ctx.sandboxes.values()].some((s) => s.mode === 'container' && s.joinedContainer === sb.containerId);
    if (sb.netnsName && !shared) this.ctx.dying.add(sb.endpoints.map((e) => ({ name: e.hostVeth, networkId: e.networkId, ip: e.ip })));
    else await Promise.all(sb.endpoints.map((e) => deleteLink(this.ctx.libc, e.hostVeth)));
  }

  info(containerId: string): SandboxInfo | undefined {
    const sb = this.ctx.sandboxes.get(containerId);
    if (!sb) return undefined;
    const filesOf = sb.mode === 'container' && sb.joinedContainer ? sb.joinedContainer : containerId;
    const dir = this.ctx.filesDir(filesOf);
    const networks: Record<string, EndpointSettings> = {};
    for (const e of sb.endpoints) {
      const n = this.ctx.networks.get(e.networkId);
      if (n) networks[n.name] = toEndpointSettings(n, sb, e);
    }
    const ports: PortMap = {};
    for (const p of sb.ports) (ports[`${p.containerPort}/${p.proto}`] ??= []).push({ HostIp: p.hostIp || '0.0.0.0', HostPort: String(p.hostPort) });
    return { netnsPath: sb.netnsPath, hostsPath: join(dir, 'hosts'), resolvConfPath: join(dir, 'resolv.conf'), hostnamePath: join(dir, 'hostname'), networks, ports };
  }
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
const errCode = (e: unknown) => (e instanceof EngineError ? e.code : 'INTERNAL');
