// What normalisation needs to know about the load: the project, the environment, where relative
// paths start, and which stages `berth config` switched off (--no-normalize...).
import type { SpecHost } from '../model-input';

export interface NormalizeContext {
  projectName: string;
  /** Relative paths in the model resolve against this (the project directory). */
  workingDir: string;
  /** The project environment (shell > --env-file > .env), for bare keys and env files. */
  env: Readonly<Record<string, string>>;
  home: string;
  /** Read env_file / label_file contents; undefined when missing. */
  readFile: SpecHost['readFile'];
  /** `--no-path-resolution` clears it. */
  resolvePaths: boolean;
  /** `--no-normalize` clears it: no default network, no resource names, no implicit depends_on. */
  normalize: boolean;
  /** `--no-env-resolution` clears it: env_file / label_file not loaded into environment / labels. */
  resolveEnv: boolean;
}
