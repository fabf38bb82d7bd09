// A Service per service that has ports or that another service reaches by name, so service-name
// DNS keeps working. It is headless: the name resolves to the ready pods' addresses, one record per
// replica, as compose's DNS answers, and only once a pod is ready, which the dependants' wait uses.
// Published ports leave the cluster through a second Service (NodePort or LoadBalancer) or an Ingress.
import { childName, selectorLabels } from './names';
import { deepMerge, isMap } from './merge';
import type { ServiceScope } from './scope';
import type { KubeObject, Project } from './types';
import { exposed } from './container';

/**
 * Services that others may call by name: under compose every service answers to its name on the
 * networks it shares, so each one that shares a network with another gets a Service; links and
 * depends_on targets too. A Job that a dependant waits to complete is not called, so gets none.
 */
export function reachedByName(project: Project, jobs: Set<string>): Set<string> {
  const out = new Set<string>();
  const members = new Map<string, string[]>();
  for (const [name, svc] of Object.entries(project.services)) {
    for (const net of Object.keys(svc.networks ?? {})) members.set(net, [...(members.get(net) ?? []), name]);
    for (const [dep, d] of Object.entries(svc.depends_on ?? {})) if (d.condition !== 'service_completed_successfully') out.add(dep);
    for (const link of (svc.links as string[] | undefined) ?? []) out.add(link.split(':')[0]!);
  }
  for (const names of members.values()) {
    if (names.length > 1) for (const n of names) if (!jobs.has(n)) out.add(n);
  }
  return out;
}

interface SvcPort { name: string; port: number; targetPort: number; protocol: string; appProtocol?: string }

function clusterPorts(s: ServiceScope): SvcPort[] {
  const seen = new Map<string, SvcPort>();
  const add = (port: number, protocol: string, appProtocol?: string): void => {
    const p = protocol.toUpperCase();
    if (!['TCP', 'UDP', 'SCTP'].includes(p) || seen.has(`${port}/${p}`)) return;
    seen.set(`${port}/${p}`, { name: `${protocol.toLowerCase()}-${port}`, port, targetPort: port, protocol: p, ...(appProtocol ? { appProtocol } : {}) });
  };
  for (const p of s.svc.ports ?? []) add(p.target, p.protocol, p.app_protocol);
  for (const e of s.svc.expose ?? []) for (const [port, protocol] of exposed(e)) add(port, protocol);
  return [...seen.values()];
}

export function services(s: ServiceScope, reached: Set<string>): KubeObject[] {
  const ports = clusterPorts(s);
  const out: KubeObject[] = [];
  if (ports.length > 0 || reached.has(s.service)) {
    const spec = { clusterIP: 'None', selector: selectorLabels(s.project.name, s.service), ...(ports.length ? { ports } : {}) };
    out.push(deepMerge(s.object('v1', 'Service', s.name, { spec }), s.x.service));
  }
  // Every `ports` entry is published (without a host port, on one the engine picks); `expose` is not.
  const published = (s.svc.ports ?? []).map((p, i) => ({ p, i }));
  if (published.length === 0) return out;
  out.push(s.opts.publishAs === 'ingress' ? ingress(s, published) : publishedService(s, published));
  return out;
}

type Published = Array<{ p: NonNullable<ServiceScope['svc']['ports']>[number]; i: number }>;

function publishedService(s: ServiceScope, published: Published): KubeObject {
  const nodePort = s.opts.publishAs === 'nodeport';
  const ports = published.map(({ p, i }) => {
    const path = [...s.path, 'ports', i];
    if (p.host_ip) s.report.dropped([...path, 'host_ip'], `${p.host_ip}: a Service listens on every node address`);
    const host = p.published ? Number.parseInt(p.published, 10) : undefined;
    if (p.published?.includes('-')) s.report.changed(path, `published range ${p.published}: the first port, ${host}, is used`);
    const port: Record<string, unknown> = { name: `${p.protocol}-${p.target}`, port: host ?? p.target, targetPort: p.target, protocol: p.protocol.toUpperCase() };
    if (nodePort && host !== undefined) {
      if (host >= 30000 && host <= 32767) port.nodePort = host;
      else s.report.changed(path, `published ${host}: a NodePort outside 30000-32767 is refused; the cluster assigns one (or use --publish-as loadbalancer)`);
    }
    return port;
  });
  const spec = { type: nodePort ? 'NodePort' : 'LoadBalancer', selector: selectorLabels(s.project.name, s.service), ports };
  return s.object('v1', 'Service', childName(s.name, 'published'), { spec });
}

/** An Ingress routes HTTP to one port: the first published TCP port. `x-kubernetes.ingress` gives host, className and more. */
function ingress(s: ServiceScope, published: Published): KubeObject {
  const x = isMap(s.x.ingress) ? s.x.ingress : {};
  const tcp = published.filter(({ p }) => p.protocol === 'tcp');
  const first = tcp[0] ?? published[0]!;
  s.report.changed([...s.path, 'ports', first.i], `published as an Ingress: HTTP only, on the Ingress controller's ports`);
  for (const { i } of published) {
    if (i !== first.i) s.report.dropped([...s.path, 'ports', i], 'an Ingress routes to one port of a service; this one is not published');
  }
  const backend = { service: { name: s.name, port: { number: first.p.target } } };
  const rule = { ...(typeof x.host === 'string' ? { host: x.host } : {}), http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } };
  const spec = { ...(typeof x.className === 'string' ? { ingressClassName: x.className } : {}), rules: [rule] };
  const { host: _h, className: _c, ...patch } = x;
  return deepMerge(s.object('networking.k8s.io/v1', 'Ingress', s.name, { spec }), patch);
}
