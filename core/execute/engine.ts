// The engine calls the executor makes, one per operation: a narrow interface so the executor is
// tested against a fake, and `engine-client.ts` adapts the real client (core/engine) to it.
import type {
  ContainerCreateRequest, ContainerInspect, ContainerSummary, NetworkCreateRequest, VolumeCreateRequest,
} from '../../runtime/api/types';

export interface ExecutorEngine {
  createNetwork(body: NetworkCreateRequest): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  connectNetwork(network: string, container: string): Promise<void>;
  disconnectNetwork(network: string, container: string): Promise<void>;
  createVolume(body: VolumeCreateRequest): Promise<void>;
  removeVolume(name: string): Promise<void>;
  /** Resolves with the new container's id. */
  createContainer(body: ContainerCreateRequest, name: string): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeout?: number): Promise<void>;
  removeContainer(id: string, opts: { volumes: boolean; force: boolean }): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerInspect>;
  /** Containers (all states) carrying every one of `labels` (`key=value`). */
  listContainers(labels: string[]): Promise<ContainerSummary[]>;
  removeImage(name: string): Promise<void>;
}
