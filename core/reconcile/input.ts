// The narrow view of a project the reconciler needs. core/spec's typed Project is richer; an
// adapter (from-project.ts) maps it here, and golden tests build it from YAML directly.
import type { DependsOnCondition } from '../plan/operation';

export interface DesiredDependency {
  condition: DependsOnCondition;
  /** compose-spec depends_on.required (default true): a missing dependency is an error. */
  required: boolean;
  /** compose-spec depends_on.restart: dependants restart when this dependency is recreated. */
  restart: boolean;
}

export interface DesiredService {
  name: string;
  /** Image reference; for a service with only `build:`, compose's default `<project>-<service>`. */
  image: string;
  /** True when the compose file sets `image:` (`down --rmi local` keeps such images). */
  customImage: boolean;
  /** serviceConfigHash(project, name): what the config-hash label must say. */
  configHash: string;
  /** `deploy.replicas` / `scale`, already resolved (default 1). */
  replicas: number;
  /** depends_on, long syntax, including the implicit entries compose adds (links, namespaces). */
  dependsOn: Record<string, DesiredDependency>;
  /**
   * Services whose container this one joins or copies (network_mode/ipc/pid `service:x`,
   * volumes_from): when such a parent is recreated, this service is recreated too.
   */
  namespaceParents: string[];
  /** Compose keys of the networks the service joins (empty with a network_mode). */
  networks: string[];
  /** Compose keys of the named volumes the service mounts. */
  volumes: string[];
  labels: Record<string, string>;
  containerName?: string;
  profiles: string[];
  /** Seconds, from stop_grace_period. */
  stopTimeout?: number;
}

export interface DesiredNetwork {
  key: string;
  /** Engine name: `name:` or `<project>_<key>` (external: `name:` or the key). */
  name: string;
  external: boolean;
  labels: Record<string, string>;
  configHash?: string;
}

export interface DesiredVolume {
  key: string;
  name: string;
  external: boolean;
  labels: Record<string, string>;
  configHash?: string;
}

export interface DesiredProject {
  /** Lower-case project name. */
  name: string;
  services: Record<string, DesiredService>;
  networks: Record<string, DesiredNetwork>;
  volumes: Record<string, DesiredVolume>;
  /** Active profiles (`--profile`, COMPOSE_PROFILES); services named on the command line add theirs. */
  profiles: string[];
}
