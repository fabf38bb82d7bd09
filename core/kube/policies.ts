// Compose networks as NetworkPolicies: each network's members carry its label and may be reached
// by the pods that carry the same label, so services that share no compose network cannot reach
// each other (policies add up: a pod on two networks is reachable from the members of both).
// Published ports stay reachable from anywhere, as they are under `up`.
import { childName, dnsLabel, networkLabel, selectorLabels } from './names';
import type { ProjectScope, ServiceScope } from './scope';
import type { KubeObject } from './types';

/** The compose networks a service is attached to (its pods carry their labels). */
export function networksOf(svc: ProjectScope['project']['services'][string]): string[] {
  return Object.keys(svc.networks ?? {});
}

export function networkPolicies(p: ProjectScope): KubeObject[] {
  const used = new Set(Object.values(p.project.services).flatMap(networksOf));
  const out: KubeObject[] = [];
  for (const [key, config] of Object.entries(p.project.networks ?? {})) {
    if (!used.has(key)) continue;
    reportNetwork(p, key, config);
    const members = { matchLabels: { [networkLabel(key)]: 'true' } };
    const spec = { podSelector: members, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: members }] }] };
    out.push(p.object('networking.k8s.io/v1', 'NetworkPolicy', childName('network', key), { spec }));
  }
  return out;
}

function reportNetwork(p: ProjectScope, key: string, config: Record<string, unknown>): void {
  const path = ['networks', key];
  const reasons: Record<string, string> = {
    driver: 'the cluster\'s network plugin carries every pod',
    driver_opts: 'the cluster\'s network plugin carries every pod',
    ipam: 'pod addresses are the cluster\'s',
    enable_ipv6: 'address families are the cluster\'s',
    attachable: 'no equivalent',
  };
  for (const [k, reason] of Object.entries(reasons)) if (config[k] !== undefined && config[k] !== false) p.report.dropped([...path, k], reason);
  if (config.external) p.report.changed([...path, 'external'], 'only the project\'s own services are its members');
}

/** The pod labels of the service's networks, and the report of attachment options a pod has not. */
export function networkMembership(s: ServiceScope): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, attach] of Object.entries(s.svc.networks ?? {})) {
    labels[networkLabel(key)] = 'true';
    for (const k of Object.keys(attach ?? {})) {
      const reason = k === 'aliases' ? 'no extra DNS names: the service is reached by its own name' : 'a pod\'s address and interface are the cluster\'s';
      s.report.dropped([...s.path, 'networks', key, k], reason);
    }
  }
  return labels;
}

/** Published ports are open to any source, as a published port is under `up`. */
export function publishedPolicy(s: ServiceScope): KubeObject | undefined {
  const ports = (s.svc.ports ?? []).map((p) => ({ port: p.target, protocol: p.protocol.toUpperCase() })).filter((p) => ['TCP', 'UDP', 'SCTP'].includes(p.protocol));
  if (ports.length === 0 || Object.keys(s.svc.networks ?? {}).length === 0) return undefined;
  const spec = { podSelector: { matchLabels: selectorLabels(s.project.name, s.service) }, policyTypes: ['Ingress'], ingress: [{ ports }] };
  return s.object('networking.k8s.io/v1', 'NetworkPolicy', childName(dnsLabel(s.service), 'published'), { spec });
}

/**
 * A service whose networks are all `internal` reaches only their members (and the cluster DNS),
 * as compose gives an internal network no way out. A service also on another network is not
 * isolated: egress policies add up per pod, so one would cut the other network's way out.
 */
export function internalPolicy(s: ServiceScope): KubeObject | undefined {
  const nets = networksOf(s.svc);
  const internal = nets.filter((n) => s.project.networks?.[n]?.internal === true);
  if (internal.length > 0 && internal.length < nets.length) {
    for (const n of internal) s.report.changed([...s.path, 'networks', n], `internal network: ${s.service} is also on another network, so its way out is not cut`);
  }
  if (nets.length === 0 || internal.length < nets.length) return undefined;
  const to = nets.map((n) => ({ podSelector: { matchLabels: { [networkLabel(n)]: 'true' } } }));
  const dns = { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] };
  const spec = { podSelector: { matchLabels: selectorLabels(s.project.name, s.service) }, policyTypes: ['Egress'], egress: [{ to }, dns] };
  return s.object('networking.k8s.io/v1', 'NetworkPolicy', childName(dnsLabel(s.service), 'internal'), { spec });
}

/** network_mode: none as a policy that lets nothing in or out (the pod keeps an interface, unused). */
export function isolatedPolicy(s: ServiceScope): KubeObject | undefined {
  if (s.svc.network_mode !== 'none') return undefined;
  s.report.changed([...s.path, 'network_mode'], 'none: a NetworkPolicy lets nothing in or out, though the pod keeps its interface (and loopback)');
  const spec = { podSelector: { matchLabels: selectorLabels(s.project.name, s.service) }, policyTypes: ['Ingress', 'Egress'] };
  return s.object('networking.k8s.io/v1', 'NetworkPolicy', childName(dnsLabel(s.service), 'isolated'), { spec });
}
