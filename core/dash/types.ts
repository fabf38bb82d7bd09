// What the dashboard shows and does, as data: the model (model.ts) fills these from the engine
// through the compose use cases; cli/dash renders them and knows nothing of the engine. The UI
// takes a DashModelApi, so its component tests use a fake of this one interface.
export type HealthState = '' | 'starting' | 'healthy' | 'unhealthy';

export interface ServiceRow {
  name: string;
  /** running, exited (N), restarting, paused, created, or "-" when no container exists. */
  state: string;
  health: HealthState;
  running: number;
  wanted: number;
  ports: string[];
  /** CPU % of one core summed over replicas; undefined until two stats samples arrived. */
  cpu?: number;
  memBytes?: number;
  restarts: number;
  /** Seconds since the oldest running replica started. */
  uptimeSec?: number;
  image: string;
  /** Why `up` would recreate it, from the plan `berth plan` prints; undefined when up leaves it. */
  recreate?: string;
  /** Switched off by profiles: shown dimmed. */
  disabled: boolean;
}

export interface DashEvent {
  /** ms since the epoch */
  time: number;
  service: string;
  container: string;
  /** create, start, die (exit N), health_status: healthy, ...; a watch batch's line ("Synced web: 1 file (…)"). */
  action: string;
}

export interface LogLine {
  seq: number;
  service: string;
  /** The container's compose log name (web-1). */
  name: string;
  /** RFC3339 as the engine stamped it ('' when it sent none). */
  timestamp: string;
  text: string;
}

export interface ActionOutcome {
  /** The CLI command that does the same (`berth restart web`). */
  cli: string;
  ok: boolean;
  message?: string;
}

export interface ServiceDetail {
  service: string;
  containers: Array<{ name: string; id: string; state: string; restarts: number; networks: Array<{ name: string; ip: string }> }>;
  /** The service as `berth config` prints it (YAML). */
  config: string;
  environment: string[];
  mounts: string[];
  health: Array<{ end: string; exitCode: number; output: string }>;
}

export interface DashSnapshot {
  project: string;
  /** Projects the engine runs (`berth ls`). */
  projects: string[];
  services: ServiceRow[];
  events: DashEvent[];
  /** A detached watcher runs for the project (`ls` says "watching"). */
  watching?: boolean;
  /** Set while the engine cannot be reached or a refresh failed. */
  error?: string;
  /** Bumped on every change the screen shows (log lines included). */
  version: number;
}

/** An action key of the dashboard, as the UI names it. */
export type ActionId =
  | 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'recreate' | 'scale-up' | 'scale-down'
  | 'enable' | 'disable' | 'rebuild' | 'pull' | 'up' | 'down' | 'watch';

export interface ActionInfo {
  id: ActionId;
  /** What the user reads beside the key. */
  label: string;
  scope: 'service' | 'project';
  /** Undefined when the action can run; else why not (a feature not built yet, no compose file). */
  unavailable?: string;
}

export interface DashModelApi {
  snapshot(): DashSnapshot;
  /** Called after each change; returns the unsubscribe. */
  subscribe(fn: () => void): () => void;
  /** Log lines in arrival order, newest last (bounded by the ring). */
  logLines(): LogLine[];
  actions(): ActionInfo[];
  /** The CLI command an action on `service` stands for (shown before it runs, and in help). */
  cliFor(id: ActionId, service?: string): string;
  act(id: ActionId, service?: string): Promise<ActionOutcome>;
  detail(service: string): Promise<ServiceDetail>;
  /** The argv (after `berth`) that opens a shell in the service: the UI hands the terminal to it. */
  shellArgs(service: string): string[];
  switchProject(name: string): Promise<void>;
  close(): void;
}
