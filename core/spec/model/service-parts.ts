// The larger nested blocks of a service: build, deploy, develop, volumes, ports, networks,
// depends_on, as the Compose schema ($defs/service/properties, $defs/deployment...) writes them.
import { z } from 'zod';
import { keyed, patterned, sobj, unique, xobj } from './extensible';
import {
  boolOrStr, deviceRequests, driverOpts, extraHosts, intOrStr, listOfStrings, listOrDict, numOrStr,
  serviceConfigOrSecret, serviceHook, str, stringOrList, ulimits,
} from './primitives';

const NAME = /^[a-zA-Z0-9._-]+$/;

export const build = z.union([
  z.string(),
  xobj({
    context: str.optional(),
    dockerfile: str.optional(),
    dockerfile_inline: str.optional(),
    entitlements: z.array(z.string()).optional(),
    args: listOrDict.optional(),
    ssh: listOrDict.optional(),
    labels: listOrDict.optional(),
    cache_from: z.array(z.string()).optional(),
    cache_to: z.array(z.string()).optional(),
    no_cache: boolOrStr.optional(),
    no_cache_filter: stringOrList.optional(),
    additional_contexts: listOrDict.optional(),
    network: str.optional(),
    provenance: boolOrStr.optional(),
    sbom: boolOrStr.optional(),
    pull: boolOrStr.optional(),
    target: str.optional(),
    shm_size: intOrStr.optional(),
    extra_hosts: extraHosts.optional(),
    isolation: str.optional(),
    privileged: boolOrStr.optional(),
    secrets: serviceConfigOrSecret.optional(),
    tags: z.array(z.string()).optional(),
    ulimits: ulimits.optional(),
    platforms: z.array(z.string()).optional(),
  }),
]);

const updateConfig = xobj({
  parallelism: intOrStr.optional(),
  delay: str.optional(),
  failure_action: str.optional(),
  monitor: str.optional(),
  max_failure_ratio: numOrStr.optional(),
  order: z.enum(['start-first', 'stop-first']).optional(),
});

export const deployment = z.union([
  z.null(),
  xobj({
    mode: str.optional(),
    endpoint_mode: str.optional(),
    replicas: intOrStr.optional(),
    labels: listOrDict.optional(),
    rollback_config: updateConfig.optional(),
    update_config: updateConfig.optional(),
    resources: xobj({
      limits: xobj({ cpus: numOrStr.optional(), memory: str.optional(), pids: intOrStr.optional() }).optional(),
      reservations: xobj({
        cpus: numOrStr.optional(),
        memory: str.optional(),
        generic_resources: z.array(xobj({ discrete_resource_spec: xobj({ kind: str.optional(), value: numOrStr.optional() }).optional() })).optional(),
        devices: deviceRequests.optional(),
      }).optional(),
    }).optional(),
    restart_policy: xobj({ condition: str.optional(), delay: str.optional(), max_attempts: intOrStr.optional(), window: str.optional() }).optional(),
    placement: xobj({
      constraints: z.array(z.string()).optional(),
      preferences: z.array(xobj({ spread: str.optional() })).optional(),
      max_replicas_per_node: intOrStr.optional(),
    }).optional(),
  }),
]);

export const development = z.union([
  z.null(),
  xobj({
    watch: z.array(
      xobj({
        ignore: stringOrList.optional(),
        include: stringOrList.optional(),
        path: str,
        action: z.enum(['rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec']),
        target: str.optional(),
        exec: serviceHook.optional(),
        initial_sync: z.boolean().optional(),
      }),
    ).optional(),
  }),
]);

export const serviceVolume = z.union([
  z.string(),
  xobj({
    type: z.enum(['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image']),
    source: str.optional(),
    target: str.optional(),
    read_only: boolOrStr.optional(),
    consistency: str.optional(),
    bind: xobj({
      propagation: str.optional(),
      create_host_path: boolOrStr.optional(),
      recursive: z.enum(['enabled', 'disabled', 'writable', 'readonly']).optional(),
      selinux: z.enum(['z', 'Z']).optional(),
    }).optional(),
    volume: xobj({ labels: listOrDict.optional(), nocopy: boolOrStr.optional(), subpath: str.optional() }).optional(),
    tmpfs: xobj({ size: z.union([z.number().int().min(0), z.string()]).optional(), mode: numOrStr.optional() }).optional(),
    image: xobj({ subpath: str.optional() }).optional(),
  }),
]);

export const servicePort = z.union([
  z.number(),
  z.string(),
  xobj({
    name: str.optional(),
    mode: str.optional(),
    host_ip: str.optional(),
    target: intOrStr.optional(),
    published: intOrStr.optional(),
    protocol: str.optional(),
    app_protocol: str.optional(),
  }),
]);

export const serviceNetworks = z.union([
  listOfStrings,
  keyed(NAME, z.union([
    xobj({
      aliases: listOfStrings.optional(),
      interface_name: str.optional(),
      ipv4_address: str.optional(),
      ipv6_address: str.optional(),
      link_local_ips: listOfStrings.optional(),
      mac_address: str.optional(),
      driver_opts: driverOpts.optional(),
      priority: z.number().optional(),
      gw_priority: z.number().optional(),
    }),
    z.null(),
  ])),
]);

export const dependsOn = z.union([
  listOfStrings,
  keyed(NAME, xobj({
    restart: boolOrStr.optional(),
    required: z.boolean().optional(),
    condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']),
  })),
]);

export const serviceModels = z.union([
  listOfStrings,
  patterned(NAME, z.union([xobj({ endpoint_var: str.optional(), model_var: str.optional() }), z.null()])),
]);

const blkioLimit = sobj({ path: str.optional(), rate: intOrStr.optional() });
const blkioWeight = sobj({ path: str.optional(), weight: intOrStr.optional() });
export const blkioConfig = sobj({
  device_read_bps: z.array(blkioLimit).optional(),
  device_read_iops: z.array(blkioLimit).optional(),
  device_write_bps: z.array(blkioLimit).optional(),
  device_write_iops: z.array(blkioLimit).optional(),
  weight: intOrStr.optional(),
  weight_device: z.array(blkioWeight).optional(),
});

export const devices = z.array(z.union([z.string(), xobj({ source: str, target: str.optional(), permissions: str.optional() })]));

export const uniqueStrings = unique(z.string());
export { listOfStrings };
