// The container lifecycle with guards, as youki's ContainerStatus: each verb asks its guard first,
// so an impossible transition is a CONFLICT with Docker's wording, never a half-done action.
import type { ContainerStatus } from '../api/types';
import { EngineError } from '../errors';

export type Status = ContainerStatus;

export const canStart = (s: Status): boolean => s === 'created' || s === 'exited';
export const canKill = (s: Status): boolean => s === 'running' || s === 'paused' || s === 'restarting';
export const canStop = (s: Status): boolean => s === 'running' || s === 'paused' || s === 'restarting';
export const canPause = (s: Status): boolean => s === 'running';
export const canUnpause = (s: Status): boolean => s === 'paused';
export const canExec = (s: Status): boolean => s === 'running';
/** Without force only a container that is not running may go. */
export const canDelete = (s: Status, force: boolean): boolean => force || !(s === 'running' || s === 'paused' || s === 'restarting');
export const isActive = (s: Status): boolean => s === 'running' || s === 'paused' || s === 'restarting';

export function guard(ok: boolean, message: string): void {
  if (!ok) throw new EngineError('CONFLICT', message);
}

/** Docker's messages, so clients that match on them keep working. */
export const messages = {
  notRunning: (id: string) => `Container ${id} is not running`,
  paused: (id: string) => `Container ${id} is paused, unpause the container before stopping or killing`,
  notPaused: (id: string) => `Container ${id} is not paused`,
  alreadyPaused: (id: string) => `Container ${id} is already paused`,
  removeRunning: (id: string, s: Status) => `cannot remove container "${id}": container is ${s}: stop the container before removing or force remove`,
};
