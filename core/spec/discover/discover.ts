// Which compose files to load and the project directory, as `docker compose` decides them
// (compose-go cli/options.go): `-f` files, else COMPOSE_FILE, else the first of compose.yaml,
// compose.yml, docker-compose.yml, docker-compose.yaml found in the working directory or one of
// its parents, plus the matching override file found next to it.
import { posix } from 'node:path';
import { SpecError } from '../errors';
import type { SpecHost } from '../model-input';

export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const DEFAULT_OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export interface DiscoverOptions {
  files: string[];
  projectDirectory?: string;
}

export interface Discovered {
  /** Absolute paths in load order; `-` (stdin) kept as is. */
  files: string[];
  projectDir: string;
  warnings: string[];
}

export function discoverFiles(opts: DiscoverOptions, host: SpecHost, env: Readonly<Record<string, string>>): Discovered {
  const warnings: string[] = [];
  const abs = (p: string): string => (p === '-' ? p : posix.resolve(host.cwd, p));
  const explicitDir = opts.projectDirectory !== undefined ? abs(opts.projectDirectory) : undefined;
  let files = opts.files.map(abs);
  if (files.length === 0 && env.COMPOSE_FILE) {
    files = env.COMPOSE_FILE.split(env.COMPOSE_PATH_SEPARATOR || ':')
      .filter((f) => f !== '')
      .map(abs);
  }
  if (files.length === 0) files = findDefaultFiles(explicitDir ?? host.cwd, host, warnings);
  if (files.length === 0) {
    throw new SpecError('no configuration file provided: not found', { code: 'NOT_FOUND' });
  }
  const firstFile = files.find((f) => f !== '-');
  const projectDir = explicitDir ?? (firstFile ? posix.dirname(firstFile) : host.cwd);
  return { files, projectDir, warnings };
}

/** Walk up from `dir` to the first directory holding a default compose file. */
function findDefaultFiles(dir: string, host: SpecHost, warnings: string[]): string[] {
  for (let d = dir; ; d = posix.dirname(d)) {
    const found = existing(DEFAULT_FILE_NAMES, d, host);
    if (found.length > 0) {
      if (found.length > 1) warnings.push(`Found multiple config files with supported names: ${found.join(', ')}\nUsing ${found[0]}`);
      const overrides = existing(DEFAULT_OVERRIDE_NAMES, d, host);
      if (overrides.length > 1) warnings.push(`Found multiple override files with supported names: ${overrides.join(', ')}\nUsing ${overrides[0]}`);
      return overrides.length > 0 ? [found[0], overrides[0]] : [found[0]];
    }
    if (posix.dirname(d) === d) return [];
  }
}

function existing(names: string[], dir: string, host: SpecHost): string[] {
  return names.map((n) => posix.join(dir, n)).filter((p) => !host.isDirectory(p) && host.readFile(p) !== undefined);
}
