// The normalised project: what loadProject returns and the reconciler consumes. Long syntax
// everywhere (ports, volumes, depends_on, env_file...), maps instead of lists, numbers and
// booleans cast, durations in Go form. Typed by zod so tests can check normalisation's output
// against it (normalisedProject.parse) and the TypeScript types follow from one source.
import { z } from 'zod';
import { serviceInput } from './service';

const strMap = z.record(z.string(), z.string());
const ext = z.record(z.string(), z.unknown());

export const portConfig = z.looseObject({
  name: z.string().optional(),
  mode: z.string(),
  host_ip: z.string().optional(),
  target: z.number().int(),
  published: z.string().optional(),
  protocol: z.string(),
  app_protocol: z.string().optional(),
});

export const volumeMount = z.looseObject({
  type: z.enum(['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image']),
  source: z.string().optional(),
  target: z.string().optional(),
  read_only: z.boolean().optional(),
  consistency: z.string().optional(),
  bind: z.looseObject({ propagation: z.string().optional(), create_host_path: z.boolean().optional(), recursive: z.string().optional(), selinux: z.string().optional() }).optional(),
  volume: z.looseObject({ labels: strMap.optional(), nocopy: z.boolean().optional(), subpath: z.string().optional() }).optional(),
  tmpfs: z.looseObject({ size: z.number().optional(), mode: z.number().optional() }).optional(),
  image: z.looseObject({ subpath: z.string().optional() }).optional(),
});

export const dependency = z.looseObject({
  condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']),
  required: z.boolean(),
  restart: z.boolean().optional(),
});

export const fileRef = z.looseObject({
  source: z.string(),
  target: z.string().optional(),
  uid: z.string().optional(),
  gid: z.string().optional(),
  mode: z.number().optional(),
});

export const healthcheckConfig = z.looseObject({
  test: z.array(z.string()).optional(),
  timeout: z.string().optional(),
  interval: z.string().optional(),
  retries: z.number().optional(),
  start_period: z.string().optional(),
  start_interval: z.string().optional(),
  disable: z.boolean().optional(),
});

export const buildConfig = z.looseObject({
  context: z.string(),
  dockerfile: z.string().optional(),
  dockerfile_inline: z.string().optional(),
  args: z.record(z.string(), z.string().nullable()).optional(),
  labels: strMap.optional(),
  additional_contexts: strMap.optional(),
  extra_hosts: z.record(z.string(), z.array(z.string())).optional(),
  shm_size: z.number().optional(),
  secrets: z.array(fileRef).optional(),
  tags: z.array(z.string()).optional(),
  target: z.string().optional(),
});

const resourceSpec = z.looseObject({
  cpus: z.number().optional(),
  memory: z.number().optional(),
  pids: z.number().optional(),
  devices: z.array(z.looseObject({ capabilities: z.array(z.string()), count: z.number().optional(), device_ids: z.array(z.string()).optional() })).optional(),
});

export const deployConfig = z.looseObject({
  mode: z.string().optional(),
  replicas: z.number().int().optional(),
  labels: strMap.optional(),
  resources: z.looseObject({ limits: resourceSpec.optional(), reservations: resourceSpec.optional() }).optional(),
  restart_policy: z.looseObject({ condition: z.string().optional(), delay: z.string().optional(), max_attempts: z.number().optional(), window: z.string().optional() }).optional(),
});

export const serviceConfig = z.looseObject({
  ...serviceInput.shape,
  build: buildConfig.optional(),
  deploy: deployConfig.optional(),
  command: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  configs: z.array(fileRef).optional(),
  secrets: z.array(fileRef).optional(),
  depends_on: z.record(z.string(), dependency).optional(),
  environment: z.record(z.string(), z.string().nullable()).optional(),
  env_file: z.array(z.looseObject({ path: z.string(), required: z.boolean(), format: z.string().optional() })).optional(),
  label_file: z.array(z.string()).optional(),
  labels: strMap.optional(),
  annotations: strMap.optional(),
  sysctls: strMap.optional(),
  extra_hosts: z.record(z.string(), z.array(z.string())).optional(),
  networks: z.record(z.string(), z.looseObject({ aliases: z.array(z.string()).optional(), ipv4_address: z.string().optional(), ipv6_address: z.string().optional(), priority: z.number().optional() }).nullable()).optional(),
  ports: z.array(portConfig).optional(),
  volumes: z.array(volumeMount).optional(),
  healthcheck: healthcheckConfig.optional(),
  dns: z.array(z.string()).optional(),
  dns_search: z.array(z.string()).optional(),
  tmpfs: z.array(z.string()).optional(),
  expose: z.array(z.string()).optional(),
  ulimits: z.record(z.string(), z.union([z.number(), z.looseObject({ soft: z.number(), hard: z.number() })])).optional(),
  mem_limit: z.number().optional(),
  mem_reservation: z.number().optional(),
  memswap_limit: z.number().optional(),
  shm_size: z.number().optional(),
  cpus: z.number().optional(),
  scale: z.number().int().optional(),
  stop_grace_period: z.string().optional(),
  privileged: z.boolean().optional(),
  read_only: z.boolean().optional(),
  tty: z.boolean().optional(),
  stdin_open: z.boolean().optional(),
  init: z.boolean().optional(),
});

const resource = z.looseObject({ name: z.string().optional(), external: z.boolean().optional(), labels: strMap.optional(), driver: z.string().optional(), driver_opts: strMap.optional() });

export const networkConfig = resource.extend({
  ipam: z.looseObject({ driver: z.string().optional(), config: z.array(ext).optional() }).optional(),
  internal: z.boolean().optional(),
  attachable: z.boolean().optional(),
  enable_ipv4: z.boolean().optional(),
  enable_ipv6: z.boolean().optional(),
});
export const volumeConfig = resource;
export const fileObjectConfig = resource.extend({ file: z.string().optional(), environment: z.string().optional(), content: z.string().optional() });

export const normalisedProject = z.looseObject({
  name: z.string(),
  services: z.record(z.string(), serviceConfig),
  networks: z.record(z.string(), networkConfig).optional(),
  volumes: z.record(z.string(), volumeConfig).optional(),
  secrets: z.record(z.string(), fileObjectConfig).optional(),
  configs: z.record(z.string(), fileObjectConfig).optional(),
  models: ext.optional(),
});

export type ServiceConfig = z.infer<typeof serviceConfig>;
export type PortConfig = z.infer<typeof portConfig>;
export type VolumeMount = z.infer<typeof volumeMount>;
export type Dependency = z.infer<typeof dependency>;
export type NetworkConfig = z.infer<typeof networkConfig>;
export type VolumeConfig = z.infer<typeof volumeConfig>;
export type FileObjectConfig = z.infer<typeof fileObjectConfig>;
/** The project model: normalised services and resources, plus what the loader knew. */
export type ProjectModel = z.infer<typeof normalisedProject>;
