// One service as its controller: a Deployment, a StatefulSet where it asks for stable storage, a
// Job where it runs to completion, a DaemonSet for deploy.mode global. The pod template gathers
// the container, the waits, the volumes and the pod settings, then the x-kubernetes patches.
import { mainContainer } from './container';
import { environment } from './env';
import { fileMounts } from './files';
import { annotations, composeMetadata } from './labels';
import { deepMerge } from './merge';
import { selectorLabels } from './names';
import { networkMembership } from './policies';
import { podSettings } from './pod';
import { probes } from './probes';
import type { ServiceScope } from './scope';
import { storage, wantsStatefulSet } from './storage';
import { waiterAccount, waits } from './depends';
import { restartNotes, jobRestart } from './restart';
import type { KubeObject } from './types';

export function workload(s: ServiceScope, isJob: boolean): KubeObject[] {
  const env = environment(s);
  const store = storage(s);
  const files = fileMounts(s);
  const wait = waits(s);
  const container = deepMerge(mainContainer(s, { envFrom: env.envFrom, volumeMounts: [...store.mounts, ...files.mounts], probes: probes(s) }), s.x.container);
  const meta = composeMetadata(s, s.svc.labels, [...s.path, 'labels']);
  const podMeta = {
    labels: { ...meta.labels, ...selectorLabels(s.project.name, s.service), ...networkMembership(s) },
    annotations: { ...meta.annotations, ...annotations(s) },
  };
  const volumes = [...store.volumes, ...files.volumes];
  const pod: Record<string, unknown> = {
    ...(wait.readsJobs ? { serviceAccountName: waiterAccount(s.project) } : {}),
    ...(wait.initContainers.length ? { initContainers: wait.initContainers } : {}),
    containers: [container],
    ...(volumes.length ? { volumes } : {}),
    ...podSettings(s),
    ...(isJob ? { restartPolicy: jobRestart(s).restartPolicy } : {}),
  };
  const template = { metadata: compact(podMeta), spec: deepMerge(pod, s.x.pod) };
  const controller = isJob ? job(s, template) : longRunning(s, template, store);
  const deployMeta = composeMetadata(s, s.svc.deploy?.labels, [...s.path, 'deploy', 'labels']);
  const withMeta = deepMerge(controller, { metadata: compact({ labels: { ...meta.labels, ...deployMeta.labels }, annotations: { ...meta.annotations, ...deployMeta.annotations, ...annotations(s) } }) });
  return [deepMerge(withMeta, s.x.workload), ...(env.configMap ? [env.configMap] : [])];
}

type Template = { metadata: unknown; spec: unknown };

function job(s: ServiceScope, template: Template): KubeObject {
  return s.object('batch/v1', 'Job', s.name, { spec: { backoffLimit: jobRestart(s).backoffLimit, template } });
}

function longRunning(s: ServiceScope, template: Template, store: ReturnType<typeof storage>): KubeObject {
  restartNotes(s);
  const selector = { matchLabels: selectorLabels(s.project.name, s.service) };
  const replicas = s.svc.deploy?.replicas ?? s.svc.scale;
  const r = replicas !== undefined ? { replicas } : {};
  if (s.svc.deploy?.mode === 'global') return s.object('apps/v1', 'DaemonSet', s.name, { spec: { selector, template } });
  if (wantsStatefulSet(s)) {
    const claims = store.claimTemplates.length ? { volumeClaimTemplates: store.claimTemplates } : {};
    return s.object('apps/v1', 'StatefulSet', s.name, { spec: { serviceName: s.name, ...r, selector, template, ...claims } });
  }
  if (store.exclusiveClaim && (replicas ?? 1) > 1) {
    s.report.changed([...s.path, 'deploy', 'replicas'], 'replicas share one ReadWriteOnce claim: they can only run on one node');
  }
  // A rolling update starts the new pod before the old one frees its ReadWriteOnce claim, and waits forever.
  const strategy = store.exclusiveClaim ? { strategy: { type: 'Recreate' } } : {};
  return s.object('apps/v1', 'Deployment', s.name, { spec: { ...r, selector, ...strategy, template } });
}

/** Drop empty label and annotation maps, so manifests say only what they mean. */
function compact(meta: { labels: Record<string, string>; annotations: Record<string, string> }): Record<string, unknown> {
  return {
    ...(Object.keys(meta.labels).length ? { labels: meta.labels } : {}),
    ...(Object.keys(meta.annotations).length ? { annotations: meta.annotations } : {}),
  };
}
