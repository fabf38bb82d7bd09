// The persisted container record (one JSON file per container under <root>/containers/records).
// It is the engine's memory of a container; the live task is found again from it after a restart.
import type { ContainerConfig, HostConfig, NetworkSettings, NetworkingConfig } from '../api/types';
import type { OciMount } from '../oci/spec-types';
import type { Status } from './state';
import type { HealthState } from './health';

export interface ContainerStateRecord {
  status: Status;
  pid: number;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  startedAt: string;
  finishedAt: string;
  /** Present when the container has a healthcheck (Docker's State.Health). */
  health?: HealthState;
}

export interface ContainerRecord {
  id: string;
  /** Without the leading slash. */
  name: string;
  created: string;
  /** The reference the user gave, and the image id it resolved to. */
  image: string;
  imageId: string;
  /** The effective config (request merged over image defaults), as inspect shows it. */
  config: ContainerConfig;
  hostConfig: HostConfig;
  networkingConfig?: NetworkingConfig;
  path: string;
  args: string[];
  state: ContainerStateRecord;
  restartCount: number;
  /** Set by stop/kill from a user, so the restart policy leaves the container down. */
  manualStop: boolean;
  rootfs: string;
  mounts: OciMount[];
  /** Destination → named or anonymous volume mounted there (inspect's `Type: volume`). */
  volumeAt?: Record<string, string>;
  cgroupsPath: string;
  /** The container's directory: bundle (config.json), log, exit files, etc files. */
  dir: string;
  networkSettings?: NetworkSettings;
  netnsPath?: string;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function initialState(): ContainerStateRecord {
  return { status: 'created', pid: 0, exitCode: 0, oomKilled: false, error: '', startedAt: ZERO_TIME, finishedAt: ZERO_TIME };
}
