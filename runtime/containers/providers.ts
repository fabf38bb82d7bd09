// What the container service needs from other services, as interfaces the daemon implements:
// the rootfs (images engineer's snapshots), image defaults (image store), mounts (volumes),
// networks (bridges). Tests implement them with a plain busybox directory.
import type { ContainerConfig, HostConfig, MountSpec, NetworkSettings } from '../api/types';
import type { OciMount } from '../oci/spec-types';

export interface RootfsProvider {
  /** Makes the container's root filesystem ready (e.g. an overlay mount); returns its host path. */
  prepare(containerId: string, imageId: string): Promise<string>;
  /** Undoes prepare (unmount, remove the writable layer). Idempotent. */
  release(containerId: string): Promise<void>;
}

/** The image config fields a container inherits (OCI image config `config`, Docker's spelling). */
export interface ImageDefaults {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  User?: string;
  StopSignal?: string;
  Labels?: Record<string, string> | null;
  Volumes?: Record<string, object> | null;
  ExposedPorts?: Record<string, object> | null;
  Healthcheck?: ContainerConfig['Healthcheck'];
}

export interface ImageLookup {
  /** Resolves a reference (name:tag, id, id prefix, digest) or throws EngineError NOT_FOUND. */
  resolve(ref: string): Promise<{ id: string; config: ImageDefaults }>;
}

export interface MountRequest {
  binds?: string[];
  mounts?: MountSpec[];
  tmpfs?: Record<string, string>;
  volumesFrom?: string[];
  anonymousVolumes?: string[];
  rootfs?: string;
}

/** Binds, volumes and tmpfs → config.json mounts (runtime/volumes' ContainerMounts fits this). */
export interface MountProvider {
  resolve(containerId: string, req: MountRequest): Promise<{ mounts: OciMount[]; volumeAt?: Record<string, string> }>;
  release(containerId: string, opts?: { removeAnonymous?: boolean }): Promise<void>;
}

export interface NetworkAttachment {
  /** Path of the network namespace to join (e.g. /run/netns/<name>). */
  netnsPath: string;
  /** Files to bind over /etc/hosts and /etc/resolv.conf, when the network provides them. */
  hostsPath?: string;
  resolvConfPath?: string;
  /** What inspect shows under NetworkSettings. */
  settings?: NetworkSettings;
}

/**
 * Networks other than none/host (the network engineer plugs bridges in here). Called on every
 * start with the container's id, name and HostConfig/NetworkingConfig; release on stop and rm.
 */
export interface NetworkHook {
  prepareNetwork(containerId: string, info: { name: string; hostConfig: HostConfig; config: ContainerConfig; networking?: unknown }): Promise<NetworkAttachment>;
  releaseNetwork(containerId: string): Promise<void>;
}
