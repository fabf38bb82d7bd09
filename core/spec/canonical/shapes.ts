// Key order of `docker compose config`: compose-go's Go structs are marshalled in field order
// (types/types.go, build.go, develop.go...); maps (services, environment, labels...) are sorted.
// A Shape says, for one node, which of the two applies and the shapes of its children.

export type Shape =
  | { kind: 'struct'; order: readonly string[]; fields?: Readonly<Record<string, Shape>> }
  | { kind: 'map'; value?: Shape }
  | { kind: 'list'; item?: Shape }
  | { kind: 'leaf' };

const struct = (order: string, fields?: Record<string, Shape>): Shape => ({ kind: 'struct', order: order.trim().split(/\s+/), fields });
const map = (value?: Shape): Shape => ({ kind: 'map', value });
const list = (item?: Shape): Shape => ({ kind: 'list', item });

const fileRef = struct('source target uid gid mode');
const hook = struct('command user privileged working_dir environment per_replica image', { environment: map() });
const deviceRequest = struct('capabilities driver count device_ids options', { options: map() });
const updateConfig = struct('parallelism delay failure_action monitor max_failure_ratio order');
const resource = struct('cpus memory pids devices generic_resources', {
  devices: list(deviceRequest),
  generic_resources: list(struct('discrete_resource_spec', { discrete_resource_spec: struct('kind value') })),
});
const ulimits = map(struct('soft hard'));

const build = struct(
  `context dockerfile dockerfile_inline entitlements args ssh labels cache_from cache_to no_cache
   no_cache_filter additional_contexts network provenance sbom pull target shm_size extra_hosts isolation
   privileged secrets tags ulimits platforms`,
  { args: map(), labels: map(), additional_contexts: map(), secrets: list(fileRef), ulimits },
);

const deploy = struct('mode replicas labels update_config rollback_config resources restart_policy placement endpoint_mode', {
  labels: map(),
  update_config: updateConfig,
  rollback_config: updateConfig,
  resources: struct('limits reservations', { limits: resource, reservations: resource }),
  restart_policy: struct('condition delay max_attempts window'),
  placement: struct('constraints preferences max_replicas_per_node', { preferences: list(struct('spread')) }),
});

const volumeMount = struct('type source target read_only consistency bind volume tmpfs image', {
  bind: struct('selinux propagation create_host_path recursive'),
  volume: struct('labels nocopy subpath', { labels: map() }),
  tmpfs: struct('size mode'),
  image: struct('subpath'),
});

export const SERVICE: Shape = struct(
  `profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup cpu_count
   cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares command configs
   container_name credential_spec depends_on deploy device_cgroup_rules devices dns dns_opt dns_search
   dockerfile domainname entrypoint provider environment env_file expose extends external_links extra_hosts
   group_add gpus hostname healthcheck image init ipc isolation labels label_file links logging log_driver
   log_opt mem_limit mem_reservation memswap_limit mem_swappiness mac_address models net network_mode
   networks oom_kill_disable oom_score_adj pid pids_limit platform ports privileged pull_policy
   pull_refresh_after read_only restart runtime scale secrets security_opt shm_size stdin_open
   stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts
   volume_driver volumes volumes_from working_dir pre_start post_start pre_stop`,
  {
    annotations: map(),
    build,
    develop: struct('watch', { watch: list(struct('path action target exec include ignore initial_sync', { exec: hook })) }),
    blkio_config: struct('weight weight_device device_read_bps device_read_iops device_write_bps device_write_iops', {
      weight_device: list(struct('path weight')),
      device_read_bps: list(struct('path rate')),
      device_read_iops: list(struct('path rate')),
      device_write_bps: list(struct('path rate')),
      device_write_iops: list(struct('path rate')),
    }),
    configs: list(fileRef),
    secrets: list(fileRef),
    credential_spec: struct('config file registry'),
    depends_on: map(struct('condition restart required')),
    deploy,
    devices: list(struct('source target permissions')),
    environment: map(),
    env_file: list(struct('path required format')),
    gpus: list(deviceRequest),
    healthcheck: struct('test timeout interval retries start_period start_interval disable'),
    labels: map(),
    logging: struct('driver options', { options: map() }),
    models: map(struct('endpoint_var model_var')),
    networks: map(struct('aliases driver_opts gw_priority interface_name ipv4_address ipv6_address link_local_ips mac_address priority', { driver_opts: map() })),
    ports: list(struct('name mode host_ip target published protocol app_protocol')),
    provider: struct('type options', { options: map() }),
    storage_opt: map(),
    sysctls: map(),
    ulimits,
    volumes: list(volumeMount),
    pre_start: list(hook),
    post_start: list(hook),
    pre_stop: list(hook),
  },
);

const network = struct('name driver driver_opts ipam external internal attachable labels enable_ipv4 enable_ipv6', {
  driver_opts: map(),
  ipam: struct('driver config options', { config: list(struct('subnet gateway ip_range aux_addresses', { aux_addresses: map() })), options: map() }),
  labels: map(),
});
const volume = struct('name driver driver_opts external labels', { driver_opts: map(), labels: map() });
const fileObject = struct('name file environment content external labels driver driver_opts template_driver', { labels: map(), driver_opts: map() });

export const PROJECT: Shape = struct('name services networks volumes secrets configs models', {
  services: map(SERVICE),
  networks: map(network),
  volumes: map(volume),
  secrets: map(fileObject),
  configs: map(fileObject),
  models: map(struct('name model context_size runtime_flags')),
});
