// The kernel side of a bridge network: the Linux bridge and the veth pair of each endpoint (the
// named namespaces are in netns-file.ts). The hot path (attach, delete) is netlink with the
// kernel's work on worker threads, no spawn of `ip`.
import { closeSync, openSync } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import { writeSysctl } from './exec';
import { rt, Rtnetlink, type Libc } from './netlink';
import { macForIp, parseIp } from './ipv4';

export async function linkExists(name: string): Promise<boolean> {
  return access(`/sys/class/net/${name}`).then(() => true, () => false);
}

/**
 * Creates the bridge with its gateway address, unless it is already there (engine restart).
 * Forwarding is switched on as Docker does; route_localnet lets 127.0.0.1 be DNATed onto it.
 */
export async function ensureBridge(libc: Libc, name: string, gateway: string, prefixLen: number, group?: number): Promise<void> {
  if (!(await linkExists(name))) {
    // A fixed MAC, as dockerd's bridge driver sets one: left to itself the bridge takes the lowest
    // MAC of its ports, so it changed when a port left (a disconnect) and the containers' ARP
    // entry for the gateway went stale: DNS to the gateway timed out for seconds.
    const mac = macForIp(parseIp(gateway));
    // Netlink from a worker, not an `ip -batch` fork: the address needs the new link's index.
    await inNetns(libc, undefined, async (nl) => {
      await nl.run([rt.addBridge(name, mac, group)]);
      const index = Number(await readFile(`/sys/class/net/${name}/ifindex`, 'utf8'));
      await nl.run([rt.addAddress(index, gateway, prefixLen), rt.setUp(index)]);
    });
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
  return inNetns(libc, undefined, (nl) => nl.deleteLink(name));
}

export async function netnsExists(name: string): Promise<boolean> {
  return access(`/run/netns/${name}`).then(() => true, () => false);
}

export interface VethPlan {
  netns: string;
  bridge: string;
  hostVeth: string;
  ifname: string;
  mac: string;
  ip: string;
  prefixLen: number;
  /** The network's link group (link-group.ts), given to the host end. */
  group?: number;
  /** Default route through this endpoint's gateway, when it is the container's first egress network. */
  defaultGateway?: string;
}

/** ethN gets ifindex 10+N inside the namespace, so later requests can address it without a lookup. */
export function indexOf(ifname: string): number {
  return 10 + Number(ifname.replace(/^eth/, ''));
}

/** Runs requests through a netlink socket in the named namespace (the engine's own when undefined). */
export async function inNetns<T>(libc: Libc, netns: string | undefined, fn: (nl: Rtnetlink) => Promise<T>): Promise<T> {
  const nl = Rtnetlink.open(libc, netns ? `/run/netns/${netns}` : undefined);
  try {
    return await fn(nl);
  } finally {
    nl.close();
  }
}

/**
 * No spawn, and no kernel wait on the event loop: one netlink batch inside the namespace creates
 * the veth (its peer sent to the engine's namespace), addresses, raises and routes it; one in the
 * engine's namespace enslaves the host end and raises it (as `ip link set master`, instead of the
 * bridge ioctls, which took rtnl_lock on the loop). Each batch is sent from a worker thread.
 */
export async function attachVeth(p: VethPlan, libc: Libc): Promise<void> {
  const index = indexOf(p.ifname);
  // The engine's namespace, by fd: what this thread is in now (see rt.addVeth).
  const home = openSync('/proc/thread-self/ns/net', 'r');
  try {
    const inside = [rt.addVeth(p.ifname, index, p.mac, p.hostVeth, home), rt.addAddress(index, p.ip, p.prefixLen), rt.setUp(index)];
    if (p.defaultGateway) inside.push(rt.replaceDefaultRoute(p.defaultGateway, index));
    const [, bridgeIndex] = await Promise.all([inNetns(libc, p.netns, (nl) => nl.run(inside)), readFile(`/sys/class/net/${p.bridge}/ifindex`, 'utf8')]);
    await inNetns(libc, undefined, (nl) => nl.run([rt.setMasterUp(p.hostVeth, Number(bridgeIndex), p.group)]));
  } finally {
    closeSync(home);
  }
  // A container reaching itself through its published port (see nftables.ts) needs hairpin.
  await writeFile(`/sys/class/net/${p.hostVeth}/brport/hairpin_mode`, '1');
}

/** ip route replace default via <gateway> dev ethN, inside a namespace (a running container's). */
export async function replaceDefaultRoute(libc: Libc, netns: string, gateway: string, ifname: string): Promise<void> {
  await inNetns(libc, netns, (nl) => nl.run([rt.replaceDefaultRoute(gateway, indexOf(ifname))]));
}
