// The converter: a loaded Project (profiles applied, env files read, long syntax) in, Kubernetes
// objects and the report of what did not carry over out. No I/O but KubeHost.readFile.
import { claims } from './claims';
import { fileObjects } from './files';
import { droppedReason, X_KUBERNETES_KEYS } from './keys';
import { internalPolicy, isolatedPolicy, networkPolicies, publishedPolicy } from './policies';
import { Report } from './report';
import { projectScope, serviceScope, type ProjectScope, type ServiceScope } from './scope';
import { reachedByName, services } from './services';
import { jobServices, waiterRbac } from './depends';
import { wantsStatefulSetOf } from './stateful';
import { workload } from './workload';
import { dnsLabel } from './names';
import { xKubernetes } from './merge';
import { KubeError } from './errors';
import { DEFAULT_OPTIONS, type ConvertOptions, type ConvertResult, type KubeHost, type KubeObject, type Project } from './types';

const KIND_ORDER = ['ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Ingress', 'NetworkPolicy'];

export function convertProject(project: Project, options: Partial<ConvertOptions>, host: KubeHost): ConvertResult {
  // The project's own x-kubernetes may name the namespace; --namespace wins.
  const projectNamespace = xKubernetes(project).namespace;
  const opts = { ...DEFAULT_OPTIONS, ...(typeof projectNamespace === 'string' ? { namespace: projectNamespace } : {}), ...options };
  const report = new Report(project);
  const p = projectScope(project, opts, report, host);
  uniqueNames(project);
  const jobs = jobServices(project);
  const reached = reachedByName(project, jobs);
  // A StatefulSet names a governing Service: its own headless one.
  for (const [name, svc] of Object.entries(project.services)) if (wantsStatefulSetOf(svc)) reached.add(name);
  const objects: KubeObject[] = [];
  for (const name of Object.keys(project.services).sort()) {
    const s = serviceScope(p, name);
    serviceKeys(s);
    objects.push(...workload(s, jobs.has(name)), ...services(s, reached));
    for (const policy of [publishedPolicy(s), internalPolicy(s), isolatedPolicy(s)]) if (policy) objects.push(policy);
  }
  objects.push(...claims(p), ...fileObjects(p), ...networkPolicies(p));
  if (objects.some((o) => (o.spec as { template?: { spec?: { serviceAccountName?: string } } } | undefined)?.template?.spec?.serviceAccountName)) objects.push(...waiterRbac(p));
  topLevelKeys(p);
  return { objects: sortObjects(objects), report: report.list() };
}

/** Every service key the output does not carry, by its reason (keys.ts). */
function serviceKeys(s: ServiceScope): void {
  for (const [key, value] of Object.entries(s.svc)) {
    const reason = droppedReason(key, value);
    if (reason) s.report.dropped([...s.path, key], reason);
  }
  unknownX(s.report, [...s.path, 'x-kubernetes'], s.x, X_KUBERNETES_KEYS.service);
  if (s.name !== s.service) s.report.changed(s.path, `the name is not an RFC 1123 label: ${s.name} in Kubernetes, and in its DNS`);
}

/** A misspelt x-kubernetes key would otherwise be ignored without a word. */
function unknownX(report: Report, path: string[], block: Record<string, unknown>, known: Set<string>): void {
  for (const k of Object.keys(block)) if (!known.has(k)) report.dropped([...path, k], `not an x-kubernetes key here (${[...known].join(', ')})`);
}

function topLevelKeys(p: ProjectScope): void {
  unknownX(p.report, ['x-kubernetes'], xKubernetes(p.project), X_KUBERNETES_KEYS.project);
  for (const [key, volume] of Object.entries(p.project.volumes ?? {})) unknownX(p.report, ['volumes', key, 'x-kubernetes'], xKubernetes(volume), X_KUBERNETES_KEYS.volume);
  for (const key of Object.keys(p.project)) {
    if (['name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'x-kubernetes'].includes(key)) continue;
    p.report.dropped([key], key.startsWith('x-') ? 'extension not read by the converter' : 'no equivalent');
  }
}

/** Two compose names that become one Kubernetes name would make one object overwrite the other. */
function uniqueNames(project: Project): void {
  const seen = new Map<string, string>();
  for (const name of Object.keys(project.services)) {
    const k = dnsLabel(name);
    const other = seen.get(k);
    if (other !== undefined) throw new KubeError('INVALID_ARGUMENT', `services ${other} and ${name} both become ${k} in Kubernetes: rename one`);
    seen.set(k, name);
  }
}

function sortObjects(objects: KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject): number => KIND_ORDER.indexOf(o.kind);
  return [...objects].sort((a, b) => rank(a) - rank(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}
