// The kernel side of a bridge network: the Linux bridge, the named network namespace and the
// veth pair of each endpoint. Each step is one `ip -batch` per namespace (a spawn costs ms).
import { access } from 'node:fs/promises';
import { ipBatch, writeSysctl } from './exec';
import type { BridgeIoctl } from './bridge-ioctl';
import { Rtnetlink, type Libc } from './netlink';
import { macForIp, parseIp } from './ipv4';

export async function linkExists(name: string): Promise<boolean> {
  return access(`/sys/class/net/${name}`).then(() => true, () => false);
}

/**
 * Creates the bridge with its gateway address, unless it is already there (engine restart).
 * Forwarding is switched on as Docker does; route_localnet lets 127.0.0.1 be DNATed onto it.
 */
export async function ensureBridge(name: string, gateway: string, prefixLen: number): Promise<void> {
  if (!(await linkExists(name))) {
    // A fixed MAC, as dockerd's bridge driver sets one: left to itself the bridge takes the lowest
    // MAC of its ports, so it changed when a port left (a disconnect) and the containers' ARP
    // entry for the gateway went stale: DNS to the gateway timed out for seconds.
    const mac = macForIp(parseIp(gateway));
    await ipBatch([`link add ${name} address ${mac} type bridge`, `addr add ${gateway}/${prefixLen} dev ${name}`, `link set ${name} up`]);
  }
  await writeSysctl(`net/ipv4/conf/${name}/route_localnet`, '1');
  await writeSysctl('net/ipv4/ip_forward', '1');
}

/**
 * Deletes a link of the engine's namespace (a veth end takes its peer with it, a bridge frees its
 * ports); false when it was not there. Netlink, not a spawn of `ip`, with the kernel's wait on a
 * worker thread: a bridge delete is ~30 ms of RCU grace periods here, a veth 15-40 ms.
 */
export async function deleteLink(libc: Libc, name: string): Promise<boolean> {
  const nl = Rtnetlink.open(libc);
  try {
    return await nl.deleteLink(name);
  } finally {
    nl.close();
  }
}

export async function netnsExists(name: string): Promise<boolean> {
  return access(`/run/netns/${name}`).then(() => true, () => false);
}

/** ip netns add (one spawn: the nsfs bind mount is its job), then loopback up over netlink. */
export async function createNetns(name: string, libc: Libc): Promise<void> {
  await ipBatch([`netns add ${name}`]);
  try {
    const nl = Rtnetlink.open(libc, `/run/netns/${name}`);
    try {
      nl.setUp(1);
    } finally {
      nl.close();
    }
  } catch (err) {
    deleteNetnsNl(libc, name);
    throw err;
  }
}


export interface VethPlan {
  netns: string;
  bridge: string;
  hostVeth: string;
  ifname: string;
  mac: string;
  ip: string;
  prefixLen: number;
  /** Default route through this endpoint's gateway, when it is the container's first egress network. */
  defaultGateway?: string;
}

/** ethN gets ifindex 10+N inside the namespace, so later requests can address it without a lookup. */
export function indexOf(ifname: string): number {
  return 10 + Number(ifname.replace(/^eth/, ''));
}

/**
 * No spawn: through a netlink socket inside the namespace, create the veth with its peer sent to
 * the engine's own namespace, address and route it; then enslave the host end by ioctl.
 */
export async function attachVeth(p: VethPlan, libc: Libc, bridgeIoctl: BridgeIoctl): Promise<void> {
  const nl = Rtnetlink.open(libc, `/run/netns/${p.netns}`);
  try {
    const index = indexOf(p.ifname);
    nl.addVeth(p.ifname, index, p.mac, p.hostVeth, process.pid);
    nl.addAddress(index, p.ip, p.prefixLen);
    nl.setUp(index);
    if (p.defaultGateway) nl.replaceDefaultRoute(p.defaultGateway, index);
  } finally {
    nl.close();
  }
  await bridgeIoctl.enslave(p.bridge, p.hostVeth);
}

/** ip netns del without the spawn. */
export function deleteNetnsNl(libc: Libc, name: string): void {
  Rtnetlink.deleteNetnsFile(libc, `/run/netns/${name}`);
}

/** A batch inside a namespace that may be gone already (a container that just exited). */
export async function ipBatchSafe(lines: string[], netns: string): Promise<void> {
  if (await netnsExists(netns)) await ipBatch(lines, netns);
}
