// A network's links share one link group (IFLA_GROUP): its bridge and the host ends of its veths.
// Removing the network is then ONE RTM_DELLINK carrying the group (`ip link del group N`): the
// kernel's rtnl_group_dellink unregisters all of them in one unregister_netdevice_many, one set
// of RCU waits. Without it, `down` waited for the kernel's namespace cleanup to free each
// released container's veth (cleanup_net starts with a full, non-expedited RCU grace period)
// and then for the bridge delete queued behind it on rtnl_lock.
// And the wait ends when the links are gone from the host's list, not when the ack comes: the
// kernel unlists a device (no `ip link`, no /sys/class/net entry, its name free) before the
// RCU waits that end the request (netdev_run_todo in rtnl_unlock: rcu_barrier, refcount waits),
// ~15-20 ms earlier here. The send keeps running on its worker thread and is tracked.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { deleteLink, inNetns } from './links';
import { rt, type Libc } from './netlink';

/**
 * The group number of a network: from a hash of the engine (prefix, state root) and the network
 * id, in 0x40000000-0x7fffffff: never group 0 (every link's default) or the small numbers admins
 * name in /etc/iproute2/group, nor, in practice, another engine's; and at most INT_MAX, which is
 * what `ip link ... group N` accepts. Recorded in the network record; removal still checks the
 * group's members before deleting it (see removeNetworkLinks).
 */
export function linkGroup(prefix: string, stateRoot: string, networkId: string): number {
  const h = createHash('sha256').update(`${prefix}\0${stateRoot}\0${networkId}`).digest();
  return ((h.readUInt32BE(0) & 0x3fffffff) | 0x40000000) >>> 0;
}

/**
 * Names of the host's links in `group` (/sys/class/net/<name>/netdev_group). A sysfs read is
 * ~20 us, so up to SYNC_SCAN links are read on the loop (9 links: 0.18 ms), where async reads
 * queued 6-16 ms behind kernel waits on the daemon's two libuv threads; more go async, so a
 * host with hundreds of veths does not stall the loop for milliseconds.
 */
export async function groupMembers(group: number): Promise<string[]> {
  const names = readdirSync('/sys/class/net');
  const groups = names.length <= SYNC_SCAN
    ? names.map((n) => readOr(`/sys/class/net/${n}/netdev_group`))
    : await Promise.all(names.map((n) => readFile(`/sys/class/net/${n}/netdev_group`, 'utf8').then((g) => g.trim(), () => '')));
  // sysfs prints the group as a signed int; linkGroup's are positive, others may not be.
  return names.filter((_, i) => groups[i] !== '' && Number(groups[i]) >>> 0 === group);
}

const SYNC_SCAN = 128;

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return ''; // the link went meanwhile
  }
}

export interface NetworkLinks {
  bridge: string;
  /** Undefined for a network recorded before groups (its links are deleted by name). */
  group?: number;
}

export interface RemoveLinksOptions {
  /** Host veths of this network that Berth made and that may still exist. */
  veths: string[];
  /** Whether a link name is one Berth makes (its veth prefix): one a restart forgot is still ours. */
  isOurs(name: string): boolean;
  /** Receives the group delete's send, which goes on after the links are unlisted. */
  track(inFlight: Promise<unknown>): void;
  pollMs?: number;
}

/**
 * Deletes the bridge and, when the group holds nothing but the bridge and Berth's veths (the
 * known ones, or any named as Berth names them: a restart forgets the dying ones), the host veths
 * with it, in one request. A group holding any other link (a clash, a link someone else put
 * there) is never deleted: the bridge is then deleted by name, the veths are left to
 * dying-links.ts. Resolves once every link of the group is gone from the host's list.
 */
export async function removeNetworkLinks(libc: Libc, n: NetworkLinks, o: RemoveLinksOptions): Promise<void> {
  const members = n.group === undefined ? [] : await groupMembers(n.group);
  const known = new Set([n.bridge, ...o.veths]);
  if (!members.includes(n.bridge) || !members.every((m) => known.has(m) || o.isOurs(m))) {
    await deleteLink(libc, n.bridge);
    return;
  }
  const sent = inNetns(libc, undefined, (nl) => nl.run([rt.deleteGroup(n.group as number)]));
  const settled = sent.then(() => undefined, (err: unknown) => err);
  o.track(settled);
  const names = [...new Set([...members, ...o.veths])];
  let done = false;
  void settled.then(() => { done = true; });
  while (!done && names.some((x) => existsSync(`/sys/class/net/${x}`))) await sleep(o.pollMs ?? 2);
  if (!done) return;
  const err = await settled;
  // The ack came first: a failure counts only if the bridge is still there (then by name).
  if (err !== undefined && existsSync(`/sys/class/net/${n.bridge}`)) await deleteLink(libc, n.bridge);
}
