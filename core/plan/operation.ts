// The plan: typed operations, one engine call each, with explicit edges (`after`) the executor
// walks with bounded parallelism. Modelled on docker/compose pkg/compose/plan.go (Operation,
// PlanNode, Plan), with string ids that read as what they do so plan text and edges are stable.
import type { Cause } from './cause';

/** depends_on conditions, as compose-spec names them. */
export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

interface OpBase {
  /** Unique in the plan and deterministic, e.g. `create container demo-web-1`. */
  id: string;
  cause: Cause;
  /** Ids of operations that must finish first. */
  after: string[];
  /** The compose service the operation serves, when there is one. */
  service?: string;
}

/**
 * The container an operation acts on: one observed now, or the one an earlier operation of this
 * plan creates (the executor keeps each create's result by op id).
 */
export type ContainerRef = { containerId: string } | { createdBy: string };

export interface CreateNetworkOp extends OpBase {
  kind: 'CreateNetwork';
  /** Compose key (`networks.<key>`) and engine name (`<project>_<key>` unless `name:`). */
  key: string;
  name: string;
}
export interface RemoveNetworkOp extends OpBase {
  kind: 'RemoveNetwork';
  key: string;
  name: string;
}
/** Detach a container from a network about to be recreated (compose planRecreateNetworks). */
export interface DisconnectNetworkOp extends OpBase {
  kind: 'DisconnectNetwork';
  network: string;
  container: ContainerRef;
  containerName: string;
}
/** Attach a container to the network recreated under it; it keeps its identity. */
export interface ConnectNetworkOp extends OpBase {
  kind: 'ConnectNetwork';
  network: string;
  container: ContainerRef;
  containerName: string;
}
export interface CreateVolumeOp extends OpBase {
  kind: 'CreateVolume';
  key: string;
  name: string;
}
export interface RemoveVolumeOp extends OpBase {
  kind: 'RemoveVolume';
  key: string;
  name: string;
}
export interface CreateContainerOp extends OpBase {
  kind: 'CreateContainer';
  service: string;
  number: number;
  name: string;
}
/**
 * First step of a recreate: create the replacement under a temporary name
 * (`<old id 12>_<name>`, as compose does) so it exists before the old one is removed.
 */
export interface RecreateContainerOp extends OpBase {
  kind: 'RecreateContainer';
  service: string;
  number: number;
  name: string;
  tmpName: string;
  /** The container being replaced; its anonymous volumes are inherited when `inherit`. */
  replaces: string;
  inherit: boolean;
}
export interface StopContainerOp extends OpBase {
  kind: 'StopContainer';
  name: string;
  container: ContainerRef;
  /** Seconds before SIGKILL; undefined = the service's stop_grace_period / engine default. */
  timeout?: number;
}
export interface RemoveContainerOp extends OpBase {
  kind: 'RemoveContainer';
  name: string;
  container: ContainerRef;
  /** Also remove the container's anonymous volumes (`down -v`). */
  volumes: boolean;
}
export interface RenameContainerOp extends OpBase {
  kind: 'RenameContainer';
  container: ContainerRef;
  from: string;
  to: string;
}
export interface StartContainerOp extends OpBase {
  kind: 'StartContainer';
  name: string;
  container: ContainerRef;
  number: number;
}
export interface UnpauseContainerOp extends OpBase {
  kind: 'UnpauseContainer';
  name: string;
  container: ContainerRef;
}
/**
 * A gate: wait until every container of `target` meets `condition` (compose
 * convergence.go waitDependencies). Not required = a failure is a warning, not an error.
 */
export interface WaitConditionOp extends OpBase {
  kind: 'WaitCondition';
  target: string;
  condition: Exclude<DependsOnCondition, 'service_started'>;
  required: boolean;
}
export interface RemoveImageOp extends OpBase {
  kind: 'RemoveImage';
  image: string;
}

export type Operation =
  | CreateNetworkOp
  | RemoveNetworkOp
  | DisconnectNetworkOp
  | ConnectNetworkOp
  | CreateVolumeOp
  | RemoveVolumeOp
  | CreateContainerOp
  | RecreateContainerOp
  | StopContainerOp
  | RemoveContainerOp
  | RenameContainerOp
  | StartContainerOp
  | UnpauseContainerOp
  | WaitConditionOp
  | RemoveImageOp;

export type OperationKind = Operation['kind'];

export interface Plan {
  /** In a topological order: every op comes after everything in its `after`. */
  operations: Operation[];
  /** Things the user should hear that are not operations (orphans left alone...). */
  warnings: string[];
}
