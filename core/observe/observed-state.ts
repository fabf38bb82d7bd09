// What exists now, read once from the engine by label (compose observed_state.go): the
// reconciler compares it with the project and never asks the engine anything itself.

/** Container states as the engine reports them (Docker API `State`). */
export type ObservedContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ObservedContainer {
  id: string;
  /** Without the leading `/`. */
  name: string;
  /** `com.docker.compose.service`; '' when the label is missing. */
  service: string;
  /** `com.docker.compose.container-number`; 0 when missing or unreadable. */
  number: number;
  oneOff: boolean;
  state: ObservedContainerState;
  /** `com.docker.compose.config-hash`; '' when missing. */
  configHash: string;
  /** `com.docker.compose.image` (the image digest at create time); '' when missing. */
  imageDigest: string;
  /** The image reference the container was created from (`Image` in the listing). */
  image: string;
  /** Names of the networks the container is attached to, sorted. */
  networks: string[];
  /** Names of the named volumes mounted, sorted. */
  volumes: string[];
  /** Unix seconds; breaks ties between equal numbers, as compose's sortContainers does. */
  created: number;
  labels: Record<string, string>;
}

export interface ObservedNetwork {
  id: string;
  name: string;
  /** `com.docker.compose.network`; undefined for an unlabelled network matched by name. */
  key?: string;
  configHash?: string;
  /** Carries this project's label (false: a network we reuse but do not own). */
  managed: boolean;
}

export interface ObservedVolume {
  name: string;
  key?: string;
  configHash?: string;
  managed: boolean;
}

export interface ObservedState {
  /** Lower-cased, as compose looks projects up. */
  project: string;
  /** Every container with the project label, one-offs included, sorted by name. */
  containers: ObservedContainer[];
  networks: ObservedNetwork[];
  volumes: ObservedVolume[];
  /** Local images: normalised reference (`nginx:latest`) → image id (`sha256:...`). */
  images: Record<string, string>;
}

export function emptyObservedState(project: string): ObservedState {
  return { project: project.toLowerCase(), containers: [], networks: [], volumes: [], images: {} };
}
