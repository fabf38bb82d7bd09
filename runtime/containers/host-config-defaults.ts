// HostConfig as inspect shows it: what the client sent over the values the engine applies when a
// field is absent, as dockerd fills them in (daemon/create.go, runconfig defaults). Clients read
// these: the Python docker SDK's containers.run() streams logs only when LogConfig.Type is a
// driver it can read back ("json-file"), compose v1 reads RestartPolicy.Name.
import type { HostConfig } from '../api/types';

/** 64 MiB, dockerd's default /dev/shm (config.DefaultShmSize). */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

function defaults(): HostConfig & Record<string, unknown> {
  return {
    Binds: null, ContainerIDFile: '',
    // conmon writes the log and `logs` reads it back: to a client, the json-file driver's behaviour
    LogConfig: { Type: 'json-file', Config: {} },
    NetworkMode: 'default', PortBindings: {}, RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    AutoRemove: false, VolumeDriver: '', VolumesFrom: null, ConsoleSize: [0, 0],
    CapAdd: null, CapDrop: null, CgroupnsMode: 'host', Dns: [], DnsOptions: [], DnsSearch: [],
    ExtraHosts: null, GroupAdd: null, IpcMode: 'private', Cgroup: '', Links: null, OomScoreAdj: 0,
    PidMode: '', Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null,
    UTSMode: '', UsernsMode: '', ShmSize: DEFAULT_SHM_SIZE, Runtime: 'runc', Isolation: '',
    CpuShares: 0, Memory: 0, NanoCpus: 0, CgroupParent: '', BlkioWeight: 0, BlkioWeightDevice: [],
    BlkioDeviceReadBps: [], BlkioDeviceWriteBps: [], BlkioDeviceReadIOps: [], BlkioDeviceWriteIOps: [],
    CpuPeriod: 0, CpuQuota: 0, CpuRealtimePeriod: 0, CpuRealtimeRuntime: 0, CpusetCpus: '', CpusetMems: '',
    Devices: [], DeviceCgroupRules: null, DeviceRequests: null, MemoryReservation: 0, MemorySwap: 0,
    MemorySwappiness: null, OomKillDisable: null, PidsLimit: null, Ulimits: null, CpuCount: 0, CpuPercent: 0,
    IOMaximumIOps: 0, IOMaximumBandwidth: 0, MaskedPaths: [], ReadonlyPaths: [],
  };
}

/** The request's HostConfig over the defaults; a LogConfig without a type gets the default type. */
export function withHostConfigDefaults(hc: HostConfig): HostConfig {
  const out: HostConfig & Record<string, unknown> = { ...defaults() };
  for (const [k, v] of Object.entries(hc)) if (v !== undefined) out[k] = v;
  if (!hc.NetworkMode) out.NetworkMode = 'default';
  if (!hc.LogConfig?.Type) out.LogConfig = { Type: 'json-file', Config: hc.LogConfig?.Config ?? {} };
  if (!hc.RestartPolicy?.Name) out.RestartPolicy = { Name: 'no', MaximumRetryCount: hc.RestartPolicy?.MaximumRetryCount ?? 0 };
  return out;
}
