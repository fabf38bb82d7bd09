// Options as `docker compose up` and `down` take them (compose cmd/compose/up.go, create.go,
// down.go), turned into the reconciler's strategies in one place.
import { CoreError } from '../errors';

/** compose api.RecreateDiverged / RecreateForce / RecreateNever. */
export type RecreateStrategy = 'diverged' | 'force' | 'never';

export interface UpOptions {
  /** Services named on the command line; empty = all enabled services. */
  services: string[];
  /** For the targeted services. */
  recreate: RecreateStrategy;
  /** For services pulled in as dependencies of the targeted ones. */
  recreateDependencies: RecreateStrategy;
  /** `--no-deps`: only the named services, none of their dependencies. */
  noDeps: boolean;
  /** `--scale svc=n`, overriding `deploy.replicas` / `scale`. */
  scale: Record<string, number>;
  removeOrphans: boolean;
  /** COMPOSE_IGNORE_ORPHANS: no warning about orphans (they are still left alone). */
  ignoreOrphans: boolean;
  /** `--no-start`: create only. */
  noStart: boolean;
  /** Keep anonymous volumes across a recreate (compose default; `-V` turns it off). */
  inherit: boolean;
  /** `-t`: stop timeout in seconds. */
  timeout?: number;
  /**
   * Keys of volumes whose config changed that the user agreed to recreate, losing their data
   * (compose asks; `divergedVolumes` says which to ask about). Others are kept, with a warning.
   */
  recreateVolumes: string[];
  /**
   * `run SERVICE`: the service a one-off container is about to be made for. Its networks and
   * volumes are ensured and its dependencies converged (unless noDeps), but its own containers
   * are left alone (compose run.go: startDependencies, then the one-off).
   */
  oneOff?: string;
}

export interface DownOptions {
  services: string[];
  /** `-v`: named volumes of the project and anonymous volumes of its containers. */
  volumes: boolean;
  removeOrphans: boolean;
  rmi?: 'local' | 'all';
  timeout?: number;
}

export interface UpFlags {
  services?: string[];
  forceRecreate?: boolean;
  noRecreate?: boolean;
  alwaysRecreateDeps?: boolean;
  noDeps?: boolean;
  scale?: Record<string, number>;
  removeOrphans?: boolean;
  ignoreOrphans?: boolean;
  noStart?: boolean;
  renewAnonVolumes?: boolean;
  timeout?: number;
  recreateVolumes?: string[];
  oneOff?: string;
}

/** The flag rules of compose's createOptions: recreateStrategy / dependenciesRecreateStrategy. */
export function upOptions(flags: UpFlags = {}): UpOptions {
  if (flags.forceRecreate && flags.noRecreate) {
    throw new CoreError('INVALID_ARGUMENT', '--force-recreate and --no-recreate are incompatible');
  }
  if (flags.alwaysRecreateDeps && flags.noRecreate) {
    throw new CoreError('INVALID_ARGUMENT', '--always-recreate-deps and --no-recreate are incompatible');
  }
  for (const [service, n] of Object.entries(flags.scale ?? {})) {
    if (!Number.isInteger(n) || n < 0) {
      throw new CoreError('INVALID_ARGUMENT', `--scale ${service}=${n}: the number of replicas must be a whole number >= 0`);
    }
  }
  const recreate: RecreateStrategy = flags.noRecreate ? 'never' : flags.forceRecreate ? 'force' : 'diverged';
  const recreateDependencies: RecreateStrategy = flags.noRecreate ? 'never' : flags.alwaysRecreateDeps ? 'force' : 'diverged';
  return {
    services: flags.services ?? [],
    recreate,
    recreateDependencies,
    noDeps: flags.noDeps ?? false,
    scale: flags.scale ?? {},
    removeOrphans: flags.removeOrphans ?? false,
    ignoreOrphans: flags.ignoreOrphans ?? false,
    noStart: flags.noStart ?? false,
    inherit: !(flags.renewAnonVolumes ?? false),
    timeout: flags.timeout,
    recreateVolumes: flags.recreateVolumes ?? [],
    oneOff: flags.oneOff,
  };
}

export function downOptions(flags: Partial<DownOptions> = {}): DownOptions {
  if (flags.rmi !== undefined && flags.rmi !== 'local' && flags.rmi !== 'all') {
    throw new CoreError('INVALID_ARGUMENT', `--rmi ${String(flags.rmi)}: must be "local" or "all"`);
  }
  return { services: flags.services ?? [], volumes: flags.volumes ?? false, removeOrphans: flags.removeOrphans ?? false, rmi: flags.rmi, timeout: flags.timeout };
}
