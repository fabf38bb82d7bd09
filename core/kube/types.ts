// The contract of core/kube: a loaded Project in, Kubernetes objects and a report out. Pure: the
// only outside access is KubeHost.readFile, for the files that configs and secrets name.
import type { Project } from '../spec/load';
import type { TreePath } from '../spec/model-input';

/** One Kubernetes object, as it is serialised (apiVersion, kind, metadata, then the rest). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMeta;
  [field: string]: unknown;
}

export interface KubeMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** How published ports leave the cluster (`--publish-as`). */
export type PublishAs = 'nodeport' | 'loadbalancer' | 'ingress';

export interface ConvertOptions {
  /** metadata.namespace of every object; none when unset (kubectl's current namespace). */
  namespace?: string;
  publishAs: PublishAs;
  /** Bind mounts become hostPath volumes (`--host-path`); refused otherwise. */
  hostPath: boolean;
  /** Size of a PersistentVolumeClaim that x-kubernetes does not size (`--volume-size`). */
  volumeSize: string;
  /** storageClassName of every claim that x-kubernetes does not name (`--storage-class`). */
  storageClass?: string;
  /** The cluster's DNS domain, for the names the dependency waits look up (`--cluster-domain`). */
  clusterDomain: string;
}

export const DEFAULT_OPTIONS: ConvertOptions = { publishAs: 'nodeport', hostPath: false, volumeSize: '1Gi', clusterDomain: 'cluster.local' };

/** What the converter may ask of the outside world: the text of a config's or secret's file. */
export interface KubeHost {
  readFile(path: string): string | undefined;
}

/**
 * `dropped`: the output does not carry the key at all. `changed`: it carries it with a different
 * meaning (a bind mount as a node's hostPath, a published port on a NodePort...).
 */
export type ReportKind = 'dropped' | 'changed';

export interface ReportEntry {
  /** The compose key, as a path into the model: services.web.network_mode */
  key: string;
  file?: string;
  line?: number;
  kind: ReportKind;
  reason: string;
}

export interface ConvertResult {
  objects: KubeObject[];
  report: ReportEntry[];
}

export type { Project, TreePath };
