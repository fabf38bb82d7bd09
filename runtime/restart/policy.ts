// Restart policies as dockerd's restartmanager decides them (moby restartmanager/restartmanager.go):
// `no`, `always`, `unless-stopped`, `on-failure[:N]`; never after a user's stop; a back-off
// delay that starts at 100 ms, doubles on each consecutive restart up to 1 minute, and resets
// once a run lasted at least 10 s. Pure: the manager (manager.ts) owns clocks and timers.
import type { RestartPolicy } from '../api/types';

export const BACKOFF_START_MS = 100;
export const BACKOFF_MAX_MS = 60_000;
/** A run at least this long counts as a success: the delay goes back to its start. */
export const BACKOFF_RESET_AFTER_MS = 10_000;

export interface ExitFacts {
  policy: RestartPolicy | undefined;
  exitCode: number;
  /** The user stopped it (stop/kill through the API): never restarted, as dockerd. */
  manualStop: boolean;
  /** Restarts so far (RestartCount in inspect). */
  restartCount: number;
  /** How long the run that just ended lasted. */
  ranForMs: number;
  /** The delay used before the previous restart (0 = none yet). */
  previousDelayMs: number;
}

export interface RestartDecision {
  restart: boolean;
  delayMs: number;
}

export function decideRestart(f: ExitFacts): RestartDecision {
  if (!wantsRestart(f)) return { restart: false, delayMs: 0 };
  return { restart: true, delayMs: nextDelay(f.previousDelayMs, f.ranForMs) };
}

function wantsRestart(f: ExitFacts): boolean {
  if (f.manualStop) return false;
  const name = f.policy?.Name ?? 'no';
  if (name === 'always' || name === 'unless-stopped') return true;
  if (name !== 'on-failure' || f.exitCode === 0) return false;
  const max = f.policy?.MaximumRetryCount ?? 0;
  return max === 0 || f.restartCount < max;
}

export function nextDelay(previousMs: number, ranForMs: number): number {
  if (previousMs === 0 || ranForMs >= BACKOFF_RESET_AFTER_MS) return BACKOFF_START_MS;
  return Math.min(previousMs * 2, BACKOFF_MAX_MS);
}

/**
 * At engine start-up (dockerd restoreContainers): a container whose policy wants it running is
 * started again, except `unless-stopped` ones a user stopped and any `no`/`on-failure` that exited 0.
 */
export function restartAtBoot(policy: RestartPolicy | undefined, wasRunning: boolean, manualStop: boolean, exitCode: number): boolean {
  if (manualStop) return false;
  const name = policy?.Name ?? 'no';
  if (name === 'always' || name === 'unless-stopped') return true;
  return name === 'on-failure' && wasRunning && exitCode !== 0;
}
