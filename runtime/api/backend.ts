// What the API needs from the engine's services, in Docker's terms. runtime/daemon adapts the real
// services (runtime/images, runtime/containers, runtime/events...) to these interfaces, so the HTTP
// layer stays independent of how each service is written and tests can drive it with real services
// or partial ones. Every method throws EngineError; the router maps codes to statuses.
import type { Readable, Writable } from 'node:stream';
import type {
  ContainerCreateRequest, ContainerCreateResponse, ContainerInspect, ContainerStats, ContainerSummary,
  ContainerTopResponse, ContainerWaitResponse, EventMessage, ExecCreateRequest, ExecInspect, ImageDeleteItem,
  ImageHistoryItem, ImageInspect, ImagePruneResponse, ImageSummary, PathStat, WaitCondition, ContainerPruneResponse,
  NetworkCreateRequest, NetworkCreateResponse, JsonMessage, DistributionInspectResponse, NetworkResource, EndpointSettings, Volume, VolumeCreateRequest, VolumeListResponse,
} from './types';
import type { Filters } from './http/query';

/** A live stdio session (attach or exec start). Absent streams were not asked for. */
export interface StdioSession {
  /** True when the process has a TTY: the stream is raw, not multiplexed. */
  tty: boolean;
  stdin?: Writable;
  stdout?: Readable;
  /** Without a TTY; with one, everything arrives on stdout. */
  stderr?: Readable;
  /** Resolves when the process's output is over (process exited, or the session was closed). */
  done: Promise<void>;
  /** Detaches from the process (it keeps running). */
  close(): void;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  /** The line as written, newline included. */
  data: Buffer;
  /** RFC3339Nano. */
  time: string;
}

export interface LogsOptions {
  follow: boolean;
  stdout: boolean;
  stderr: boolean;
  since?: number;
  until?: number;
  tail?: number;
}

export interface ContainersBackend {
  create(body: ContainerCreateRequest, name?: string): Promise<ContainerCreateResponse>;
  list(opts: { all: boolean; limit?: number; filters: Filters; size: boolean }): Promise<ContainerSummary[]>;
  inspect(ref: string): Promise<ContainerInspect>;
  start(ref: string): Promise<void>;
  stop(ref: string, opts: { timeout?: number; signal?: string }): Promise<void>;
  restart(ref: string, opts: { timeout?: number; signal?: string }): Promise<void>;
  kill(ref: string, signal?: string): Promise<void>;
  pause(ref: string): Promise<void>;
  unpause(ref: string): Promise<void>;
  remove(ref: string, opts: { force: boolean; volumes: boolean }): Promise<void>;
  rename?(ref: string, name: string): Promise<void>;
  /**
   * Registers a waiter and resolves once it is registered (so "next-exit" counts from now, and the
   * API can send headers before `start` arrives); `result` resolves when the condition is met.
   */
  wait(ref: string, condition: WaitCondition): Promise<{ result: Promise<ContainerWaitResponse> }>;
  attach(ref: string, opts: { stdin: boolean; stdout: boolean; stderr: boolean; logs: boolean; stream: boolean }): Promise<StdioSession>;
  resize?(ref: string, height: number, width: number): Promise<void>;
  logs(ref: string, opts: LogsOptions, signal: AbortSignal): Promise<{ tty: boolean; entries: AsyncIterable<LogEntry> }>;
  top(ref: string, psArgs?: string): Promise<ContainerTopResponse>;
  stats(ref: string): Promise<ContainerStats>;
  archiveStat(ref: string, path: string): Promise<PathStat>;
  archiveGet(ref: string, path: string): Promise<{ stat: PathStat; tar: Readable }>;
  archivePut(ref: string, path: string, tar: Readable, opts: { noOverwriteDirNonDir: boolean }): Promise<void>;
  /** Berth's extension: removes a path in the container (false when absent). */
  archiveDelete(ref: string, path: string): Promise<boolean>;
  prune?(filters: Filters): Promise<ContainerPruneResponse>;
  execCreate(ref: string, body: ExecCreateRequest): Promise<{ Id: string }>;
  execStart(id: string, opts: { detach: boolean; tty?: boolean }): Promise<StdioSession>;
  execInspect(id: string): Promise<ExecInspect>;
  execResize?(id: string, height: number, width: number): Promise<void>;
}

export interface ImagesBackend {
  list(opts: { all: boolean; filters: Filters }): Promise<ImageSummary[]>;
  inspect(ref: string): Promise<ImageInspect>;
  /** Loads a `docker save` / OCI archive; returns the names (or ids) loaded. */
  load(tar: Readable): Promise<string[]>;
  /** Imports a plain rootfs tarball as a one-layer image; returns the image id. */
  import(tar: Readable, opts: { repo?: string; tag?: string; message?: string; changes: string[] }): Promise<string>;
  /** A docker-archive of the given images (names or ids). */
  save(refs: string[], out: Writable): Promise<void>;
  tag(ref: string, repo: string, tag?: string): Promise<void>;
  remove(ref: string, opts: { force: boolean; noprune: boolean }): Promise<ImageDeleteItem[]>;
  history(ref: string): Promise<ImageHistoryItem[]>;
  prune(filters: Filters): Promise<ImagePruneResponse>;
}

/** Registry operations; `auth` is the X-Registry-Auth header as sent (base64url JSON). */
export interface DistributionBackend {
  pull(ref: string, opts: { platform?: string; allPlatforms?: boolean; auth?: string }, onProgress: (m: JsonMessage) => void): Promise<void>;
  push(ref: string, opts: { platform?: string; auth?: string }, onProgress: (m: JsonMessage) => void): Promise<void>;
  /** POST /auth: the AuthConfig body. */
  auth(body: unknown): Promise<{ Status: string; IdentityToken?: string }>;
  inspect(ref: string, auth?: string): Promise<DistributionInspectResponse>;
}

/** POST /build's query, decoded (the classic builder's parameters). */
export interface BuildRequest {
  tags: string[];
  dockerfile: string;
  buildArgs: Record<string, string | null>;
  target?: string;
  labels: Record<string, string>;
  noCache: boolean;
  pull: boolean;
  networkMode?: string;
  platform?: string;
  shmSize?: number;
  /** Berth's `x-berth-secrets`: secret id → file on the engine's machine, for RUN --mount=type=secret. */
  secrets?: Record<string, string>;
  /** Berth's `x-berth-context`: a context folder on the engine's machine, read in place. */
  contextDir?: string;
  /** Berth's `x-berth-dockerfile`: the Dockerfile's text (one from outside a context read in place). */
  dockerfileInline?: string;
  /** Berth's `x-berth-contexts`: named contexts (compose's additional_contexts) by name. */
  namedContexts?: Record<string, { dir: string } | { image: string }>;
}

export interface BuildBackend {
  /** Builds from a context tar; `emit` gets the JSON stream's messages; resolves with the image id. */
  build(context: Readable, req: BuildRequest, emit: (msg: { stream: string } | { aux: { ID: string } }) => void): Promise<string>;
  /** Forgets the build cache; returns how many records went. */
  prune(): Promise<number>;
}

export interface NetworksBackend {
  create(req: NetworkCreateRequest): Promise<NetworkCreateResponse>;
  inspect(idOrName: string): Promise<NetworkResource>;
  list(filters: Filters): Promise<NetworkResource[]>;
  remove(idOrName: string): Promise<void>;
  /** Names of the networks removed. */
  prune(filters: Filters): Promise<string[]>;
  /** `container` is a name, id or id prefix, as in the request body. */
  connect(idOrName: string, container: string, cfg: EndpointSettings): Promise<void>;
  disconnect(idOrName: string, container: string, force: boolean): Promise<void>;
}

export interface VolumesBackend {
  create(req: VolumeCreateRequest): Promise<Volume>;
  inspect(name: string): Promise<Volume>;
  list(filters: Filters): Promise<VolumeListResponse>;
  remove(name: string, force: boolean): Promise<void>;
  prune(filters: Filters): Promise<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>;
}

export interface EventsBackend {
  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  subscribe(listener: (e: EventMessage) => void): () => void;
  /** Past events still held, oldest first (for `since`). */
  recent?(): EventMessage[];
}

/** Facts about the engine that /info and /version report. */
export interface SystemFacts {
  id: string;
  name: string;
  rootDir: string;
  storageDriver: string;
  cgroupVersion: '1' | '2';
  cgroupDriver: string;
  defaultRuntime: string;
  runtimes: Record<string, { path: string }>;
  initBinary: string;
  securityOptions: string[];
}

export interface Backends {
  system: SystemFacts;
  events: EventsBackend;
  images?: ImagesBackend;
  distribution?: DistributionBackend;
  containers?: ContainersBackend;
  networks?: NetworksBackend;
  volumes?: VolumesBackend;
  build?: BuildBackend;
  /** Engine-private operations under /_berth (not Docker's API). */
  engine?: { reset(): Promise<void> };
}
