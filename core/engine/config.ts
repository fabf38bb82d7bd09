// Where the engine is: state root and socket. Flags win over BERTH_ROOT / BERTH_HOST, which win over
// the defaults. DOCKER_HOST is deliberately ignored (DESIGN.md: a user's Docker setting must never
// silently redirect Berth).
import { CoreError } from '../errors';

export const DEFAULT_ROOT = '/var/lib/berth';
export const DEFAULT_SOCKET = '/run/berth/berth.sock';

export interface EngineConfig {
  root: string;
  socketPath: string;
}

export interface EngineFlags {
  root?: string;
  host?: string;
}

/** Accepts `unix:///path` or a plain absolute path; other schemes are not served. */
export function socketPathOf(host: string): string {
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  if (host.startsWith('/')) return host;
  throw new CoreError('INVALID_ARGUMENT', `unsupported engine host "${host}": use unix:///path/to/socket`);
}

export function resolveEngineConfig(flags: EngineFlags, env: NodeJS.ProcessEnv): EngineConfig {
  // An empty variable counts as unset, as the docker CLI treats an empty DOCKER_HOST.
  const root = flags.root ?? (env.BERTH_ROOT || DEFAULT_ROOT);
  const host = flags.host ?? (env.BERTH_HOST || DEFAULT_SOCKET);
  return { root, socketPath: socketPathOf(host) };
}

/**
 * Pulls the global engine flags (`--root X`, `--root=X`, `--host X`, `-H X`) out of argv, wherever
 * they appear before a `--`, and returns the rest.
 */
export function takeEngineFlags(argv: string[]): { flags: EngineFlags; rest: string[] } {
  const flags: EngineFlags = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { rest.push(...argv.slice(i)); break; }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (name !== '--root' && name !== '--host' && name !== '-H') { rest.push(a); continue; }
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new CoreError('INVALID_ARGUMENT', `flag ${name} needs a value`);
    if (name === '--root') flags.root = value; else flags.host = value;
  }
  return { flags, rest };
}
