// Request bodies of the exec, network and volume routes, typed as dockerd's Go structs
// (api/types/container.ExecOptions, network.CreateRequest, volume.CreateOptions...).
import { z } from 'zod';
import { bool, str, strMap, strs, struct } from './fields';
import { endpointSettings } from './container-create';

const consoleSize = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).nullish();

export const execCreateBody = struct('container.ExecOptions', {
  AttachStdin: bool, AttachStdout: bool, AttachStderr: bool, DetachKeys: str, Tty: bool, ConsoleSize: consoleSize,
  Env: strs, Cmd: strs, Privileged: bool, User: str, WorkingDir: str,
});

export const execStartBody = struct('container.ExecStartOptions', { Detach: bool, Tty: bool, ConsoleSize: consoleSize });

const ipamConfig = struct('network.IPAMConfig', { Subnet: str, IPRange: str, Gateway: str, AuxiliaryAddresses: strMap });

export const networkCreateBody = struct('network.CreateRequest', {
  Name: str, CheckDuplicate: bool, Driver: str, Scope: str, Internal: bool, Attachable: bool, Ingress: bool,
  EnableIPv6: bool, IPAM: struct('network.IPAM', { Driver: str, Config: z.array(ipamConfig).nullish(), Options: strMap }).nullish(),
  Options: strMap, Labels: strMap,
});

export const networkConnectBody = struct('network.ConnectOptions', { Container: str, EndpointConfig: endpointSettings.nullish() });

export const networkDisconnectBody = struct('network.DisconnectOptions', { Container: str, Force: bool });

export const volumeCreateBody = struct('volume.CreateOptions', {
  Name: str, Driver: str, DriverOpts: strMap, Labels: strMap,
});
