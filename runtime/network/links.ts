// The kernel side of a bridge network: the Linux bridge, the named network namespace and the
// veth pair of each endpoint. Each step is one `ip -batch` per namespace (a spawn costs ms).
import { access } from 'node:fs/promises';
import { ipBatch, run, writeSysctl } from './exec';
import type { BridgeIoctl } from './bridge-ioctl';

export async function linkExists(name: string): Promise<boolean> {
  return access(`/sys/class/net/${name}`).then(() => true, () => false);
}

/**
 * Creates the bridge with its gateway address, unless it is already there (engine restart).
 * Forwarding is switched on as Docker does; route_localnet lets 127.0.0.1 be DNATed onto it.
 */
export async function ensureBridge(name: string, gateway: string, prefixLen: number): Promise<void> {
  if (!(await linkExists(name))) {
    await ipBatch([`link add ${name} type bridge`, `addr add ${gateway}/${prefixLen} dev ${name}`, `link set ${name} up`]);
  }
  await writeSysctl(`net/ipv4/conf/${name}/route_localnet`, '1');
  await writeSysctl('net/ipv4/ip_forward', '1');
}

export async function deleteLink(name: string): Promise<void> {
  if (await linkExists(name)) await run('ip', ['link', 'del', name]);
}

export async function netnsExists(name: string): Promise<boolean> {
  return access(`/run/netns/${name}`).then(() => true, () => false);
}

export async function createNetns(name: string): Promise<void> {
  await ipBatch([`netns add ${name}`]);
  try {
    await ipBatch(['link set lo up'], name);
  } catch (err) {
    await deleteNetns(name).catch(() => undefined);
    throw err;
  }
}

export async function deleteNetns(name: string): Promise<void> {
  if (await netnsExists(name)) await run('ip', ['netns', 'del', name]);
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

/**
 * One spawn: from inside the namespace, create the veth with its peer sent to the engine's own
 * namespace (`netns <pid>`), address it and route it; then enslave the host end by ioctl.
 */
export async function attachVeth(p: VethPlan, bridgeIoctl: BridgeIoctl): Promise<void> {
  const inside = [
    `link add ${p.ifname} address ${p.mac} type veth peer name ${p.hostVeth} netns ${process.pid}`,
    `addr add ${p.ip}/${p.prefixLen} dev ${p.ifname}`,
    `link set ${p.ifname} up`,
    ...(p.defaultGateway ? [`route replace default via ${p.defaultGateway} dev ${p.ifname}`] : []),
  ];
  await ipBatch(inside, p.netns);
  await bridgeIoctl.enslave(p.bridge, p.hostVeth);
}

/** A batch inside a namespace that may be gone already (a container that just exited). */
export async function ipBatchSafe(lines: string[], netns: string): Promise<void> {
  if (await netnsExists(netns)) await ipBatch(lines, netns);
}
