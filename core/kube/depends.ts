// depends_on kept (Kompose ignores it): a dependant's pod starts with one init container per
// dependency. service_started and service_healthy wait until the dependency's headless Service
// resolves, which it does only once a pod is ready (its readiness probe is the healthcheck);
// service_completed_successfully waits for the dependency's Job to complete, through the API,
// with a ServiceAccount allowed to read Jobs and nothing else.
import { childName, dnsLabel } from './names';
import type { ProjectScope, ServiceScope } from './scope';
import type { KubeObject, Project } from './types';
import { xKubernetes } from './merge';

/** Small images that only wait; pinned so a manifest means the same tomorrow. */
export const WAIT_IMAGE = 'busybox:1.37';
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.34.0';

/** Services that run to completion: a dependant waits for them to succeed, or x-kubernetes says job. */
export function jobServices(project: Project): Set<string> {
  const out = new Set<string>();
  for (const [name, svc] of Object.entries(project.services)) {
    if (String(xKubernetes(svc).controller ?? '').toLowerCase() === 'job') out.add(name);
    for (const [dep, d] of Object.entries(svc.depends_on ?? {})) if (d.condition === 'service_completed_successfully') out.add(dep);
  }
  return out;
}

export function waiterAccount(project: Project): string {
  return childName(dnsLabel(project.name), 'job-waiter');
}

export interface WaitParts {
  initContainers: Array<Record<string, unknown>>;
  /** True when a container waits for a Job through the API (the pod needs the waiter account). */
  readsJobs: boolean;
}

export function waits(s: ServiceScope): WaitParts {
  const out: WaitParts = { initContainers: [], readsJobs: false };
  for (const [dep, d] of Object.entries(s.svc.depends_on ?? {})) {
    const path = [...s.path, 'depends_on', dep];
    if (!s.project.services[dep]) {
      s.report.dropped(path, 'not in the converted project (not defined, or disabled by its profiles)');
      continue;
    }
    if (d.restart) s.report.dropped([...path, 'restart'], `pods are not restarted when ${dep} is`);
    if (d.required === false) s.report.changed([...path, 'required'], `the pod waits for ${dep} all the same (compose starts without an optional dependency that fails)`);
    if (d.condition === 'service_completed_successfully') {
      out.readsJobs = true;
      out.initContainers.push(jobWait(dep));
    } else {
      conditionNotes(s, dep, d.condition, path);
      out.initContainers.push(readyWait(dep, s.opts.clusterDomain));
    }
  }
  return out;
}

function conditionNotes(s: ServiceScope, dep: string, condition: string, path: Array<string | number>): void {
  const hc = s.project.services[dep]!.healthcheck;
  const healthcheck = hc !== undefined && !hc.disable && hc.test?.[0] !== 'NONE';
  if (condition === 'service_healthy' && !healthcheck) s.report.changed(path, `${dep} has no healthcheck: waits until it is started`);
  if (condition === 'service_started' && healthcheck) s.report.changed(path, `waits until ${dep} is ready, which its healthcheck decides (compose waits for it to start)`);
}

/** nslookup of the fully qualified name: busybox's resolver does not walk the search list. */
function readyWait(dep: string, domain: string): Record<string, unknown> {
  const host = `${dnsLabel(dep)}.$(POD_NAMESPACE).svc.${domain}`;
  return {
    name: childName('wait-for', dep),
    image: WAIT_IMAGE,
    // $(POD_NAMESPACE) is expanded by the kubelet from the env below, before the shell runs.
    command: ['sh', '-c', `until nslookup ${host} >/dev/null 2>&1; do echo waiting for ${dnsLabel(dep)}; sleep 2; done`],
    env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
  };
}

/** kubectl wait fails while the Job does not exist yet; the kubelet retries the init container. */
function jobWait(dep: string): Record<string, unknown> {
  return {
    name: childName('wait-for', dep),
    image: KUBECTL_IMAGE,
    command: ['kubectl', 'wait', '--for=condition=complete', `job/${dnsLabel(dep)}`, '--timeout=-1s'],
  };
}

/** The ServiceAccount, Role and RoleBinding that let an init container read Jobs. */
export function waiterRbac(p: ProjectScope): KubeObject[] {
  const name = waiterAccount(p.project);
  const rules = [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }];
  return [
    p.object('v1', 'ServiceAccount', name, {}),
    p.object('rbac.authorization.k8s.io/v1', 'Role', name, { rules }),
    p.object('rbac.authorization.k8s.io/v1', 'RoleBinding', name, {
      subjects: [{ kind: 'ServiceAccount', name }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    }),
  ];
}
