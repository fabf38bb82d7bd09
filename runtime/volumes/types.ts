// Docker Engine API shapes for /volumes (API v1.41+) and the records VolumeService keeps.

/** POST /volumes/create body. */
export interface VolumeCreateRequest {
  Name?: string;
  Driver?: string;
  /** local driver: { type, o, device } as mount(8) takes them (e.g. type=tmpfs, o=size=64m). */
  DriverOpts?: Record<string, string>;
  Labels?: Record<string, string>;
}

/** GET /volumes/{name}, items of GET /volumes, POST /volumes/create response. */
export interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string> | null;
  Scope: 'local';
  Options: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number };
}

export interface VolumeListResponse {
  Volumes: Volume[];
  Warnings: string[];
}

export interface VolumePruneResponse {
  VolumesDeleted: string[];
  SpaceReclaimed: number;
}

export interface VolumeRecord {
  name: string;
  created: string;
  labels: Record<string, string>;
  options: Record<string, string>;
  anonymous: boolean;
  /** Containers that hold the volume mounted (the in-use refcount). */
  users: string[];
  /** An anonymous volume made for this container's create (crash recovery finds it by this). */
  createdFor?: string;
}

/** HostConfig.Mounts[] (docker/api/types/mount). */
export interface DockerMount {
  /** npipe and cluster are Docker's too; they are refused with NOT_IMPLEMENTED. */
  Type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/** An entry of config.json's mounts (OCI runtime spec). */
export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

/** The storage parts of a container's config, with Docker's names. */
export interface MountRequest {
  /** HostConfig.Binds: "src:dst[:opts]"; src not absolute = a named volume. */
  binds?: string[];
  mounts?: DockerMount[];
  /** HostConfig.Tmpfs: { "/run": "size=64m,mode=1777" }. */
  tmpfs?: Record<string, string>;
  /** HostConfig.VolumesFrom: "container[:ro|:rw]". */
  volumesFrom?: string[];
  /** Config.Volumes keys not covered above: each gets an anonymous volume. */
  anonymousVolumes?: string[];
  /** The container's root filesystem, for copying image content up into empty volumes. */
  rootfs?: string;
}

/** What resolveMounts hands back, in mount order. */
export interface ResolvedMounts {
  mounts: OciMount[];
  /** Volume names acquired for this container (released by releaseContainer). */
  volumes: string[];
  /** Destination → the volume mounted there, so inspect reports `Type: volume` with its Name. */
  volumeAt: Record<string, string>;
}
