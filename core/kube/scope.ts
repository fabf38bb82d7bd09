// What every step of one service's conversion reads: the project, the options, the report, and
// the service itself under its compose and Kubernetes names.
import type { ServiceConfig } from '../spec/model/project';
import { dnsLabel, selectorLabels } from './names';
import type { Report } from './report';
import { xKubernetes } from './merge';
import type { ConvertOptions, KubeHost, KubeObject, Project } from './types';

export interface ProjectScope {
  project: Project;
  opts: ConvertOptions;
  report: Report;
  host: KubeHost;
  /** A new object of this project: namespace and the project's label set. */
  object(apiVersion: string, kind: string, name: string, body: Record<string, unknown>, labels?: Record<string, string>): KubeObject;
}

export interface ServiceScope extends ProjectScope {
  /** The compose name. */
  service: string;
  /** The Kubernetes name (an RFC 1123 label). */
  name: string;
  svc: ServiceConfig;
  path: ['services', string];
  /** The service's x-kubernetes block. */
  x: Record<string, unknown>;
}

export function projectScope(project: Project, opts: ConvertOptions, report: Report, host: KubeHost): ProjectScope {
  const partOf = dnsLabel(project.name);
  const object: ProjectScope['object'] = (apiVersion, kind, name, body, labels) => ({
    apiVersion,
    kind,
    metadata: {
      name,
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
      labels: { 'app.kubernetes.io/part-of': partOf, 'app.kubernetes.io/managed-by': 'berth', ...labels },
    },
    ...body,
  });
  return { project, opts, report, host, object };
}

export function serviceScope(p: ProjectScope, service: string): ServiceScope {
  const svc = p.project.services[service]!;
  const name = dnsLabel(service);
  const labels = selectorLabels(p.project.name, service);
  return {
    ...p,
    object: (apiVersion, kind, n, body, extra) => p.object(apiVersion, kind, n, body, { ...labels, ...extra }),
    service,
    name,
    svc,
    path: ['services', service],
    x: xKubernetes(svc),
  };
}
