// The volume service's public face, for runtime/daemon (wiring), runtime/api (/volumes/*) and the
// container layer (resolve mounts for config.json, release them when the container is removed).
export { VolumeService, ANONYMOUS_LABEL, type VolumeServiceOptions, type VolumeFilters } from './volume-service';
export { ContainerMounts } from './container-mounts';
export { copyUp } from './copy-up';
export type {
  Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse,
  DockerMount, MountRequest, OciMount, ResolvedMounts,
} from './types';
