// The pod-level settings of a service: grace period, hostname, /etc/hosts, DNS, sysctls,
// supplementary groups and the platform as a node selector.
import { wholeSeconds } from './quantities';
import type { ServiceScope } from './scope';
import { dnsLabel } from './names';

export function podSettings(s: ServiceScope): Record<string, unknown> {
  const { svc } = s;
  const out: Record<string, unknown> = {};
  if (svc.stop_grace_period) out.terminationGracePeriodSeconds = wholeSeconds(svc.stop_grace_period);
  if (svc.hostname) {
    const host = dnsLabel(String(svc.hostname));
    if (host !== svc.hostname) s.report.changed([...s.path, 'hostname'], `not an RFC 1123 label: ${host}`);
    out.hostname = host;
  }
  const aliases = hostAliases(s);
  if (aliases.length > 0) out.hostAliases = aliases;
  const dns = dnsConfig(s);
  if (dns) out.dnsConfig = dns;
  const security = podSecurity(s);
  if (Object.keys(security).length > 0) out.securityContext = security;
  const nodes = nodeSelector(s);
  if (nodes) out.nodeSelector = nodes;
  if (svc.init) {
    // With a shared PID namespace the pod's pause process is PID 1 and reaps zombies, as docker's init does.
    out.shareProcessNamespace = true;
    s.report.changed([...s.path, 'init'], 'shareProcessNamespace: the pod\'s pause process is PID 1 and reaps zombies, and the pod\'s containers see each other\'s processes');
  }
  for (const link of (svc.links as string[] | undefined) ?? []) {
    if (link.includes(':')) s.report.dropped([...s.path, 'links'], `${link}: the alias is not a DNS name; the service is reached by its own`);
  }
  return out;
}

/** extra_hosts (host → addresses) as hostAliases (address → hosts). */
function hostAliases(s: ServiceScope): Array<{ ip: string; hostnames: string[] }> {
  const byIp = new Map<string, string[]>();
  for (const [host, ips] of Object.entries(s.svc.extra_hosts ?? {})) {
    for (const ip of ips) {
      if (ip === 'host-gateway') {
        s.report.dropped([...s.path, 'extra_hosts', host], 'host-gateway: a pod has no host gateway address');
        continue;
      }
      byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
    }
  }
  return [...byIp].map(([ip, hostnames]) => ({ ip, hostnames }));
}

function dnsConfig(s: ServiceScope): Record<string, unknown> | undefined {
  const { svc } = s;
  const out: Record<string, unknown> = {};
  if (svc.dns?.length) {
    out.nameservers = svc.dns;
    s.report.changed([...s.path, 'dns'], 'added after the cluster\'s resolver, which answers service names first');
  }
  if (svc.dns_search?.length) out.searches = svc.dns_search;
  const opts = (svc.dns_opt as string[] | undefined) ?? [];
  if (opts.length > 0) out.options = opts.map((o) => { const [name = '', value] = o.split(':'); return value === undefined ? { name } : { name, value }; });
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The sysctls every kubelet allows (Kubernetes' "safe" set); any other must be allowed per node. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);

function podSecurity(s: ServiceScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sysctls = Object.entries(s.svc.sysctls ?? {}).map(([name, value]) => ({ name, value: String(value) }));
  if (sysctls.length > 0) out.sysctls = sysctls;
  for (const { name } of sysctls) {
    if (!SAFE_SYSCTLS.has(name)) s.report.changed([...s.path, 'sysctls', name], 'not a safe sysctl: the pod is refused unless the kubelet allows it (--allowed-unsafe-sysctls)');
  }
  const groups = ((s.svc.group_add as Array<string | number> | undefined) ?? []).map(String);
  const numeric = groups.filter((g) => /^\d+$/.test(g)).map(Number);
  if (numeric.length < groups.length) s.report.changed([...s.path, 'group_add'], 'group names are not carried: Kubernetes takes numeric ids only');
  if (numeric.length > 0) out.supplementalGroups = numeric;
  return out;
}

/** platform "linux/arm64/v8" → the well-known os and arch node labels (the variant is not carried). */
function nodeSelector(s: ServiceScope): Record<string, string> | undefined {
  const platform = s.svc.platform as string | undefined;
  if (!platform) return undefined;
  const [os = '', arch, variant] = platform.split('/');
  if (variant) s.report.dropped([...s.path, 'platform'], `variant ${variant}: no well-known node label`);
  return { 'kubernetes.io/os': os, ...(arch ? { 'kubernetes.io/arch': arch } : {}) };
}
