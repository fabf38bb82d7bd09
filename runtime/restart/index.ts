// runtime/restart: restart policies with dockerd's back-off, as a service over the container
// service and the event bus (see manager.ts for the interface the daemon implements).
export { decideRestart, nextDelay, restartAtBoot, BACKOFF_START_MS, BACKOFF_MAX_MS, BACKOFF_RESET_AFTER_MS, type ExitFacts, type RestartDecision } from './policy';
export { RestartManager, type RestartHost, type RestartTarget, type RestartClock, type RestartManagerOptions } from './manager';
