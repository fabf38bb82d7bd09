// What the executor tells the renderer while it walks a plan: each operation moves
// working → done | error | warning (compose's progress events: Working, Done, Error, Warning).
import type { Operation } from '../plan/operation';

export type ProgressStatus = 'working' | 'done' | 'error' | 'warning';

export interface ProgressEvent {
  op: Operation;
  status: ProgressStatus;
  /** Text after the resource, as compose prints it: "Creating", "Started", "Healthy"... */
  text: string;
  /** Error or warning detail. */
  detail?: string;
  /** Milliseconds since the operation began (done, error, warning). */
  elapsedMs?: number;
  /**
   * The resource when it is not the operation's own: a depends_on gate reports each container it
   * waits for ("Container demo-db-1 Healthy", as compose's waitDependencies events do).
   */
  resource?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** The resource of an event: its own, else the operation's. */
export function resourceOfEvent(e: ProgressEvent): string {
  return e.resource ?? resourceOf(e.op);
}

/** The resource an operation acts on, as compose names it in progress lines ("Container demo-web-1"). */
export function resourceOf(op: Operation): string {
  switch (op.kind) {
    case 'CreateNetwork':
    case 'RemoveNetwork':
      return `Network ${op.name}`;
    case 'CreateVolume':
    case 'RemoveVolume':
      return `Volume ${op.name}`;
    case 'DisconnectNetwork':
    case 'ConnectNetwork':
      return `Container ${op.containerName}`;
    case 'RenameContainer':
      return `Container ${op.to}`;
    case 'WaitCondition':
      return `Service ${op.target}`;
    case 'RemoveImage':
      return `Image ${op.image}`;
    default:
      return `Container ${op.name}`;
  }
}

/** Present and past participles per kind, as compose's progress words. */
const WORDS: Record<Operation['kind'], [string, string]> = {
  CreateNetwork: ['Creating', 'Created'],
  RemoveNetwork: ['Removing', 'Removed'],
  DisconnectNetwork: ['Disconnecting', 'Disconnected'],
  ConnectNetwork: ['Connecting', 'Connected'],
  CreateVolume: ['Creating', 'Created'],
  RemoveVolume: ['Removing', 'Removed'],
  CreateContainer: ['Creating', 'Created'],
  RecreateContainer: ['Recreate', 'Recreated'],
  StopContainer: ['Stopping', 'Stopped'],
  RemoveContainer: ['Removing', 'Removed'],
  RenameContainer: ['Renaming', 'Renamed'],
  StartContainer: ['Starting', 'Started'],
  UnpauseContainer: ['Unpausing', 'Unpaused'],
  WaitCondition: ['Waiting', 'Healthy'],
  RemoveImage: ['Removing', 'Removed'],
};

export function workingText(op: Operation): string {
  return WORDS[op.kind][0];
}

export function doneText(op: Operation): string {
  if (op.kind === 'WaitCondition') return op.condition === 'service_healthy' ? 'Healthy' : 'Exited';
  return WORDS[op.kind][1];
}
