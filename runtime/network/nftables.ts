// Berth's whole packet-filter state: ONE nftables table (family ip) named after the engine's
// prefix, rendered from the records and swapped in as one `nft -f` transaction, so a half-applied
// ruleset never exists. Deleted whole when the last bridge goes (and on reset).
//
// What it holds, following Docker's bridge driver (libnetwork/drivers/bridge, iptables setup):
// - egress NAT: masquerade a non-internal subnet leaving through any other interface;
// - isolation: bridges do not forward to each other; an internal bridge forwards nowhere;
//   an internal bridge reaches no host address but its own gateway (where its DNS listens);
// - published ports: DNAT of local destination addresses (prerouting for traffic that arrives,
//   output for the host's own connections, incl. 127.0.0.1 — the bridge has route_localnet=1 and the
//   loopback source is masqueraded, as dockerd does with userland-proxy=false);
// - hairpin: a container reaching a published port through a host address is masqueraded, so the
//   reply comes back through the host and not straight from the sibling.
import { nftApply, run } from './exec';

export interface NftNetwork {
  bridge: string;
  subnet: string;
  gateway: string;
  internal: boolean;
  /** Egress NAT for a non-internal network (default true). */
  masquerade?: boolean;
}

export interface NftPort {
  proto: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
  targetIp: string;
  targetPort: number;
}

const q = (s: string) => `"${s}"`;

export function renderRuleset(table: string, networks: NftNetwork[], ports: NftPort[]): string {
  const lines = [`table ip ${table}`, `delete table ip ${table}`, `table ip ${table} {`];
  const bridges = networks.map((n) => q(n.bridge));
  lines.push(`  set bridges { type ifname; ${bridges.length ? `elements = { ${bridges.join(', ')} }` : ''} }`);
  lines.push(...chain('publish', null, ports.map(publishRule)));
  lines.push(...chain('prerouting', 'type nat hook prerouting priority dstnat; policy accept;', ['fib daddr type local jump publish']));
  lines.push(...chain('output', 'type nat hook output priority -100; policy accept;', ['fib daddr type local jump publish']));
  lines.push(...chain('postrouting', 'type nat hook postrouting priority srcnat; policy accept;', [...postroutingRules(networks), ...ports.map(selfRule)]));
  lines.push(...chain('forward', 'type filter hook forward priority filter; policy accept;', forwardRules(networks)));
  lines.push(...chain('input', 'type filter hook input priority filter; policy accept;', inputRules(networks)));
  lines.push('}');
  return lines.join('\n') + '\n';
}

function chain(name: string, hook: string | null, rules: string[]): string[] {
  return [`  chain ${name} {`, ...(hook ? [`    ${hook}`] : []), ...rules.map((r) => `    ${r}`), '  }'];
}

function publishRule(p: NftPort): string {
  const match = p.hostIp && p.hostIp !== '0.0.0.0' ? `ip daddr ${p.hostIp} ` : '';
  return `${match}${p.proto} dport ${p.hostPort} dnat to ${p.targetIp}:${p.targetPort}`;
}

/**
 * A container reaching itself through its published port: with br_netfilter the packet is bridged
 * (no input interface in postrouting), so match on the addresses, as dockerd's per-port rule does.
 */
function selfRule(p: NftPort): string {
  return `ip saddr ${p.targetIp} ip daddr ${p.targetIp} ${p.proto} dport ${p.targetPort} masquerade`;
}

function postroutingRules(networks: NftNetwork[]): string[] {
  const rules = ['oifname @bridges ip saddr 127.0.0.0/8 ct status dnat masquerade'];
  for (const n of networks) {
    rules.push(`iifname ${q(n.bridge)} oifname ${q(n.bridge)} ct status dnat masquerade`);
    if (!n.internal && n.masquerade !== false) rules.push(`ip saddr ${n.subnet} oifname != ${q(n.bridge)} masquerade`);
  }
  return rules;
}

function forwardRules(networks: NftNetwork[]): string[] {
  const rules: string[] = [];
  for (const n of networks.filter((x) => x.internal)) {
    rules.push(`iifname ${q(n.bridge)} oifname != ${q(n.bridge)} drop`);
    rules.push(`oifname ${q(n.bridge)} iifname != ${q(n.bridge)} drop`);
  }
  // Published ports are reachable from other networks, as they are through Docker's proxy.
  rules.push('ct status dnat accept');
  for (const n of networks) rules.push(`iifname ${q(n.bridge)} oifname @bridges oifname != ${q(n.bridge)} drop`);
  return rules;
}

function inputRules(networks: NftNetwork[]): string[] {
  return networks.filter((n) => n.internal).map((n) => `iifname ${q(n.bridge)} ip daddr != ${n.gateway} drop`);
}

export async function applyRuleset(table: string, networks: NftNetwork[], ports: NftPort[]): Promise<void> {
  await nftApply(renderRuleset(table, networks, ports));
}

/** Removes the table if it exists (idempotent: `table` first creates it, so `delete` cannot miss). */
export async function deleteTable(table: string): Promise<void> {
  await nftApply(`table ip ${table}\ndelete table ip ${table}\n`);
}

export async function listTables(): Promise<string[]> {
  const { stdout } = await run('nft', ['list', 'tables']);
  return stdout.split('\n').filter(Boolean).map((l) => l.trim());
}
