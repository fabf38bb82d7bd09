// Which service keys the converter carries, and why the others cannot be. Anything neither
// carried nor listed is still reported (as unknown to the converter): nothing is dropped silently,
// the complaint most often made of Kompose ("Unsupported key ... - ignoring", or not a word).

/** Keys that the workload, its Service or its volumes carry (their own code reports the parts that do not). */
export const CARRIED = new Set([
  'image', 'build', 'command', 'entrypoint', 'working_dir', 'environment', 'env_file', 'user', 'group_add',
  'cap_add', 'cap_drop', 'read_only', 'privileged', 'tmpfs', 'stop_grace_period', 'restart', 'labels',
  'label_file', 'annotations', 'deploy', 'scale', 'mem_limit', 'mem_reservation', 'cpus', 'ports', 'expose',
  'volumes', 'configs', 'secrets', 'healthcheck', 'depends_on', 'networks', 'hostname', 'profiles',
  'x-kubernetes', 'extra_hosts', 'dns', 'dns_search', 'dns_opt', 'sysctls', 'tty', 'stdin_open', 'shm_size',
  'pull_policy', 'platform', 'links', 'post_start', 'pre_stop', 'init',
]);

const NO_RESOURCE = 'no equivalent in a container\'s resources';

/** Keys that have no place in a pod, with the reason the report gives. */
export const DROPPED: Record<string, string> = {
  pid: 'no equivalent (a pod shares no PID namespace with another service)',
  ipc: 'no equivalent (a pod shares no IPC namespace with another service)',
  uts: 'no equivalent',
  userns_mode: 'no equivalent',
  cgroup: 'no equivalent',
  cgroup_parent: 'the kubelet places pods in cgroups',
  devices: 'devices reach a pod only through a device plugin',
  device_cgroup_rules: 'devices reach a pod only through a device plugin',
  gpus: 'GPUs reach a pod only through a device plugin resource (e.g. nvidia.com/gpu)',
  security_opt: 'no equivalent (seccomp and AppArmor profiles are named differently in a pod)',
  logging: 'the cluster\'s log collection applies',
  stop_signal: 'the kubelet stops containers with SIGTERM',
  ulimits: 'Kubernetes has no per-container rlimits',
  container_name: 'pods are named by their controller',
  cpu_shares: NO_RESOURCE, cpu_quota: NO_RESOURCE, cpu_period: NO_RESOURCE, cpu_count: NO_RESOURCE,
  cpu_percent: NO_RESOURCE, cpu_rt_runtime: NO_RESOURCE, cpu_rt_period: NO_RESOURCE, cpuset: NO_RESOURCE,
  mem_swappiness: NO_RESOURCE, memswap_limit: NO_RESOURCE, oom_kill_disable: NO_RESOURCE,
  oom_score_adj: NO_RESOURCE, blkio_config: NO_RESOURCE, pids_limit: NO_RESOURCE, storage_opt: NO_RESOURCE,
  external_links: 'no equivalent (containers outside the project are not in the cluster)',
  volumes_from: 'pods of different services share no volumes this way',
  mac_address: 'no equivalent',
  domainname: 'no equivalent',
  runtime: 'a RuntimeClass is the cluster\'s choice',
  isolation: 'no equivalent',
  credential_spec: 'no equivalent',
  develop: 'the watch dev loop is Berth\'s, not the cluster\'s',
  attach: 'no equivalent (kubectl logs reads every pod)',
  models: 'no equivalent',
  provider: 'no equivalent',
  use_api_socket: 'no engine socket in a pod',
};

/** The reason a service key is not carried, or undefined when the converter carries it. */
export function droppedReason(key: string, value: unknown): string | undefined {
  if (CARRIED.has(key)) return undefined;
  // network_mode: none is carried by a deny-all NetworkPolicy (policies.ts, isolatedPolicy).
  if (key === 'network_mode') return value === 'none' ? undefined : networkModeReason(value);
  if (key.startsWith('x-')) return 'extension not read by the converter';
  return DROPPED[key] ?? 'not known to the converter';
}

function networkModeReason(value: unknown): string {
  const mode = String(value);
  if (mode.startsWith('service:') || mode.startsWith('container:')) return `${mode}: no equivalent (services run in separate pods)`;
  return `${mode}: no equivalent`;
}

/** The keys an x-kubernetes block may hold, by where it sits (README: Kubernetes). */
export const X_KUBERNETES_KEYS = {
  service: new Set(['controller', 'workload', 'pod', 'container', 'service', 'ingress']),
  volume: new Set(['size', 'storageClass', 'accessModes', 'spec']),
  project: new Set(['namespace']),
};
