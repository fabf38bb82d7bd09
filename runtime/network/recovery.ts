// What a killed engine leaves of its networks, found and removed at the next start (and by
// engine reset). Network creation is journalled: an intent naming the bridge (and its link group)
// is written before the kernel work and deleted once the network's record is in place, so a
// bridge made by a creation that never finished is deleted by name, custom names included,
// where a record-only view had nothing to find it by (it kept its address and route for good).
// Sandboxes are released by the daemon once the containers are recovered (releaseOrphans).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type { NetworkContext } from './context';
import { deleteLink, linkExists } from './links';
import { groupMembers } from './link-group';
import { ifName } from './names';
import type { CreationIntent } from './types';

/**
 * Rolls back the creations a killed engine left: the bridge of each intent with no record goes,
 * if it is still the one that creation made (its link group, when it has one, is the same).
 */
export async function rollBackCreations(ctx: NetworkContext): Promise<string[]> {
  const removed: string[] = [];
  for (const { key, value } of await ctx.creationStore.list()) {
    if (!ctx.networks.has(value.id) && (await linkExists(value.bridge)) && ownsGroup(value)) {
      await deleteLink(ctx.libc, value.bridge);
      removed.push(value.bridge);
    }
    await ctx.creationStore.delete(key);
  }
  return removed;
}

function ownsGroup(intent: CreationIntent): boolean {
  if (intent.group === undefined) return true;
  return Number(readOr(`/sys/class/net/${intent.bridge}/netdev_group`)) >>> 0 === intent.group;
}

/**
 * Host veths enslaved to one of this engine's bridges that no sandbox names: what an attach a
 * crash interrupted left behind (its namespace is gone, or never was recorded). Veths of live
 * sandboxes and those the kernel is still freeing stay.
 */
export async function sweepStrayVeths(ctx: NetworkContext): Promise<string[]> {
  const bridges = new Set([...ctx.networks.values()].map((n) => n.bridge));
  const owned = new Set([...ctx.sandboxes.values()].flatMap((s) => s.endpoints.map((e) => e.hostVeth)));
  const vethPrefix = ifName(ctx.opts.prefix, 'v', '');
  const stray = listLinks().filter((name) => name.startsWith(vethPrefix) && !owned.has(name) && !ctx.dying.has(name) && bridges.has(masterOf(name)));
  for (const name of stray) await deleteLink(ctx.libc, name).catch(() => undefined);
  return stray;
}

/**
 * engine reset: every link named with this engine's prefix (bridges and host veths, whatever
 * record or group they had) and every link still in one of its networks' groups.
 */
export async function removeAllPrefixed(ctx: NetworkContext, groups: number[]): Promise<string[]> {
  const mine = new Set([ifName(ctx.opts.prefix, 'b', ''), ifName(ctx.opts.prefix, 'v', '')]);
  const grouped = new Set((await Promise.all(groups.map((g) => groupMembers(g)))).flat());
  const names = listLinks().filter((n) => grouped.has(n) || [...mine].some((p) => n.startsWith(p)));
  // Bridges first: a veth goes with its namespace, or by name below.
  names.sort((a, b) => Number(isBridge(b)) - Number(isBridge(a)));
  for (const n of names) await deleteLink(ctx.libc, n).catch(() => undefined);
  return names;
}

/**
 * A disconnect the crash cut short deleted the veth but not the endpoint from the record: the
 * endpoint is dropped now (the disconnect finished), and the sandbox saved. Returns the ids of
 * the sandboxes changed.
 */
export async function dropVanishedEndpoints(ctx: NetworkContext): Promise<string[]> {
  const changed: string[] = [];
  for (const sb of ctx.sandboxes.values()) {
    if (sb.mode !== 'bridge' || !sb.netnsName) continue;
    const kept = sb.endpoints.filter((e) => listLinks().includes(e.hostVeth));
    if (kept.length === sb.endpoints.length) continue;
    sb.endpoints = kept;
    await ctx.writeEtcFiles(sb);
    await ctx.sandboxStore.put(sb.containerId, sb);
    changed.push(sb.containerId);
  }
  return changed;
}

function listLinks(): string[] {
  try {
    return readdirSync('/sys/class/net');
  } catch {
    return [];
  }
}

function masterOf(name: string): string {
  try {
    return basename(readlinkSync(`/sys/class/net/${name}/master`));
  } catch {
    return '';
  }
}

function isBridge(name: string): boolean {
  try {
    readdirSync(`/sys/class/net/${name}/bridge`);
    return true;
  } catch {
    return false;
  }
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
