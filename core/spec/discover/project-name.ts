// The project name: `-p` > COMPOSE_PROJECT_NAME > the last non-empty top-level `name:` of the
// files (interpolated) > the project directory's basename. Names given by the user (`-p`, the
// variable) must already be valid; names read from files or paths are normalised instead
// (compose-go loader.NormalizeProjectName and cli withNamePrecedenceLoad).
import { posix } from 'node:path';
import { SpecError } from '../errors';

/** Lowercase, keep [a-z0-9_-], drop leading `_` and `-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export function invalidProjectName(name: string): SpecError {
  return new SpecError(
    `invalid project name ${JSON.stringify(name)}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
  );
}

export interface NameSources {
  flag?: string;
  env: Readonly<Record<string, string>>;
  /** The interpolated `name:` of the files (last non-empty), if any. */
  fromFiles?: string;
  projectDir: string;
}

export function chooseProjectName(src: NameSources): string {
  const imperative = src.flag || src.env.COMPOSE_PROJECT_NAME;
  if (imperative) {
    if (normalizeProjectName(imperative) !== imperative) throw invalidProjectName(imperative);
    return imperative;
  }
  const fromFiles = normalizeProjectName(src.fromFiles ?? '');
  if (fromFiles) return fromFiles;
  const fromDir = normalizeProjectName(posix.basename(src.projectDir));
  if (!fromDir) throw new SpecError('project name must not be empty');
  return fromDir;
}
