// Why an operation is in the plan. Typed so the executor, the progress display and `berth plan`
// can each say it their own way; `describeCause` is the one text rendering (plan text, golden tests).

export type Cause =
  /** The resource does not exist yet (compose: "no existing container", "not found"). */
  | { kind: 'missing' }
  /** More replicas wanted than exist (`deploy.replicas`, `scale`, `--scale`). */
  | { kind: 'scale-up'; replicas: number }
  /** A kept container still carries a recreate's temporary name (the recreate was interrupted). */
  | { kind: 'temporary-name' }
  /** A second container with a replica number already kept (left over from an interrupted recreate). */
  | { kind: 'duplicate'; number: number }
  /** Fewer replicas wanted than exist: the highest numbers and obsolete ones go first. */
  | { kind: 'scale-down'; replicas: number }
  /** The container's config-hash label differs from the service's hash (compose hash.go). */
  | { kind: 'config-changed'; old: string; new: string }
  /** The container's image-digest label differs from the digest of the service's image now. */
  | { kind: 'image-changed'; old: string; new: string }
  /** A namespace or volumes_from parent is recreated: its old container id would go stale. */
  | { kind: 'dependency-recreated'; dep: string }
  /** A depends_on dependency with `restart: true` is recreated or restarted: this dependant restarts with it. */
  | { kind: 'dependency-restarted'; dep: string }
  /** `--force-recreate` (or `--always-recreate-deps` for a dependency). */
  | { kind: 'force-recreate' }
  /** A network's config hash changed: it is recreated, its containers stopped, moved over, restarted. */
  | { kind: 'network-recreated'; network: string }
  /** A running container is not attached to a network the service declares. */
  | { kind: 'network-missing'; network: string }
  /** A volume's config hash changed and the user agreed to lose its data: its users are recreated. */
  | { kind: 'volume-recreated'; volume: string }
  /** A named volume the service declares is not mounted in the container. */
  | { kind: 'volume-missing'; volume: string }
  /** Old container of a recreate: stopped, removed, its replacement renamed into place. */
  | { kind: 'replaced'; by: string }
  /** Container of a service that is not in the project (or an exited one-off run). */
  | { kind: 'orphan' }
  /** Up-to-date container that is not running (created, exited, dead). */
  | { kind: 'stopped'; state: string }
  /** Up-to-date container that is paused. */
  | { kind: 'paused' }
  /** Start of a container this plan creates or recreates. */
  | { kind: 'created'; recreated: boolean }
  /** A gate: dependants wait for a depends_on condition before they start. */
  | { kind: 'depends-on'; dependants: string[] }
  /** `restart <service>`: asked for on the command line. */
  | { kind: 'restart' }
  /** `down`: everything of the project goes. */
  | { kind: 'down' }
  /** `down -v`: named volumes go too. */
  | { kind: 'down-volumes' }
  /** `down --rmi local|all`. */
  | { kind: 'down-images'; mode: 'local' | 'all' };

/** Hashes and digests are long: the first 12 characters identify them, as `docker ps` does. */
export function shortHash(value: string): string {
  if (value === '') return '(none)';
  const digest = value.startsWith('sha256:') ? value.slice('sha256:'.length) : value;
  return digest.slice(0, 12);
}

export function describeCause(cause: Cause): string {
  switch (cause.kind) {
    case 'missing':
      return 'missing';
    case 'scale-up':
      return `scale up to ${cause.replicas}`;
    case 'temporary-name':
      return 'left with a temporary name';
    case 'duplicate':
      return `duplicate of replica ${cause.number}`;
    case 'scale-down':
      return `scale down to ${cause.replicas}`;
    case 'config-changed':
      return `config changed (hash ${shortHash(cause.old)} -> ${shortHash(cause.new)})`;
    case 'image-changed':
      return `image changed (${shortHash(cause.old)} -> ${shortHash(cause.new)})`;
    case 'dependency-recreated':
      return `dependency ${cause.dep} recreated`;
    case 'dependency-restarted':
      return `restarts with dependency ${cause.dep} (restart: true)`;
    case 'force-recreate':
      return 'force recreate';
    case 'network-recreated':
      return `network ${cause.network} recreated`;
    case 'network-missing':
      return `not connected to network ${cause.network}`;
    case 'volume-recreated':
      return `volume ${cause.volume} recreated`;
    case 'volume-missing':
      return `volume ${cause.volume} not mounted`;
    case 'replaced':
      return `replaced (${cause.by})`;
    case 'orphan':
      return 'orphan';
    case 'stopped':
      return `not running (${cause.state})`;
    case 'paused':
      return 'paused';
    case 'created':
      return cause.recreated ? 'recreated' : 'created';
    case 'depends-on':
      return `${cause.dependants.join(', ')} ${cause.dependants.length === 1 ? 'depends' : 'depend'} on it`;
    case 'restart':
      return 'restart';
    case 'down':
      return 'down';
    case 'down-volumes':
      return 'down --volumes';
    case 'down-images':
      return `down --rmi ${cause.mode}`;
  }
}
