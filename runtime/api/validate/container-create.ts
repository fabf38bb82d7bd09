// POST /containers/create: ContainerConfig with HostConfig and NetworkingConfig, the fields Berth
// reads (runtime/api/types.ts), typed as dockerd's Go structs (api/types/container).
import { z } from 'zod';
import { bool, int, keySet, str, strMap, strs, struct } from './fields';

const healthConfig = struct('container.HealthConfig', {
  Test: strs, Interval: int, Timeout: int, Retries: int, StartPeriod: int, StartInterval: int,
});

const containerConfig = {
  Hostname: str, Domainname: str, User: str, AttachStdin: bool, AttachStdout: bool, AttachStderr: bool,
  ExposedPorts: keySet, Tty: bool, OpenStdin: bool, StdinOnce: bool, Env: strs, Cmd: strs,
  Healthcheck: healthConfig.nullish(), ArgsEscaped: bool, Image: str, Volumes: keySet, WorkingDir: str,
  Entrypoint: strs, NetworkDisabled: bool, OnBuild: strs, Labels: strMap, StopSignal: str, StopTimeout: int,
  Shell: strs,
};

const portBinding = struct('nat.PortBinding', { HostIp: str, HostPort: str });

const mount = struct('mount.Mount', {
  Type: z.enum(['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image']).nullish(), Source: str, Target: str, ReadOnly: bool,
  Consistency: str,
  BindOptions: struct('mount.BindOptions', { Propagation: str, NonRecursive: bool, CreateMountpoint: bool }).nullish(),
  VolumeOptions: struct('mount.VolumeOptions', {
    NoCopy: bool, Labels: strMap, DriverConfig: struct('mount.Driver', { Name: str, Options: strMap }).nullish(),
  }).nullish(),
  TmpfsOptions: struct('mount.TmpfsOptions', { SizeBytes: int, Mode: int }).nullish(),
});

const hostConfig = struct('container.HostConfig', {
  Binds: strs, ContainerIDFile: str,
  LogConfig: struct('container.LogConfig', { Type: str, Config: strMap }).nullish(),
  NetworkMode: str, PortBindings: z.record(z.string(), z.array(portBinding).nullish()).nullish(),
  RestartPolicy: struct('container.RestartPolicy', {
    Name: z.enum(['', 'no', 'always', 'unless-stopped', 'on-failure']).nullish(), MaximumRetryCount: int,
  }).nullish(),
  AutoRemove: bool, VolumeDriver: str, VolumesFrom: strs, Mounts: z.array(mount).nullish(),
  CapAdd: strs, CapDrop: strs, Dns: strs, DnsOptions: strs, DnsSearch: strs, ExtraHosts: strs, GroupAdd: strs,
  IpcMode: str, Cgroup: str, Links: strs, OomScoreAdj: int, PidMode: str, Privileged: bool, PublishAllPorts: bool,
  ReadonlyRootfs: bool, SecurityOpt: strs, StorageOpt: strMap, Tmpfs: strMap, UTSMode: str, UsernsMode: str,
  ShmSize: int, Sysctls: strMap, Runtime: str, Init: bool,
  CpuShares: int, Memory: int, MemoryReservation: int, MemorySwap: int, NanoCpus: int, CpuPeriod: int,
  CpuQuota: int, CpusetCpus: str, PidsLimit: int, OomKillDisable: bool,
  Ulimits: z.array(struct('container.Ulimit', { Name: str, Soft: int, Hard: int })).nullish(),
  Devices: z.array(struct('container.DeviceMapping', { PathOnHost: str, PathInContainer: str, CgroupPermissions: str })).nullish(),
});

export const endpointSettings = struct('network.EndpointSettings', {
  IPAMConfig: struct('network.EndpointIPAMConfig', { IPv4Address: str, IPv6Address: str, LinkLocalIPs: strs }).nullish(),
  Links: strs, Aliases: strs, MacAddress: str, DriverOpts: strMap, NetworkID: str, EndpointID: str, Gateway: str,
  IPAddress: str, IPPrefixLen: int, IPv6Gateway: str, GlobalIPv6Address: str, GlobalIPv6PrefixLen: int, DNSNames: strs,
});

export const containerCreateBody = struct('container.CreateRequest', {
  ...containerConfig,
  HostConfig: hostConfig.nullish(),
  NetworkingConfig: struct('network.NetworkingConfig', {
    EndpointsConfig: z.record(z.string(), endpointSettings.nullish()).nullish(),
  }).nullish(),
  Platform: str,
});
