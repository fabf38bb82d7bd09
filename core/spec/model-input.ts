// The contract between the two halves of the loader.
//
// Front half (files → one merged raw tree): discovery of files, YAML with positions, !reset and
// !override, interpolation, include, extends, merge, profiles' inputs. Back half (raw tree →
// typed Project): zod validation, normalisation to long syntax, consistency, canonical output.
//
// core/spec is pure (no fs, no clock): everything outside comes in through SpecHost.

/** A place in a source file, 1-based line and column, as editors count them. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** A path into the tree: mapping keys and sequence indexes, e.g. ['services', 'web', 'ports', 0]. */
export type TreePath = ReadonlyArray<string | number>;

/** Where each node of the merged tree came from (the last file that set it wins, as in a merge). */
export interface SourceIndex {
  /** The position of the node at `path`, or of its nearest ancestor that has one. */
  find(path: TreePath): SourcePos | undefined;
  /** The text of one line of a source file, for error excerpts. */
  lineText(file: string, line: number): string | undefined;
}

/** What the loader may ask of the outside world. A test passes an in-memory host. */
export interface SpecHost {
  /** File contents as UTF-8, or undefined when the file does not exist. */
  readFile(path: string): string | undefined;
  /** True when a directory exists at `path`. */
  isDirectory(path: string): boolean;
  /** The process environment (the shell's), not yet merged with .env files. */
  env: Readonly<Record<string, string>>;
  /** The working directory, absolute. */
  cwd: string;
  /** The user's home directory, for `~` in paths. */
  home: string;
}

/** The command line's say in loading, as `docker compose` takes it. */
export interface ModelOptions {
  /** `-f` files in order; empty = discovery (COMPOSE_FILE, then compose.yaml... in cwd or parents). */
  files: string[];
  /** `-p` */
  projectName?: string;
  /** `--project-directory` */
  projectDirectory?: string;
  /** `--env-file`, repeatable; default `.env` in the project directory. */
  envFiles?: string[];
  /** `--profile`, merged with COMPOSE_PROFILES. */
  profiles?: string[];
  skipInterpolation?: boolean;
  /** Keep relative paths as written (`--no-path-resolution`). */
  skipPathResolution?: boolean;
}

/** The front half's result: one merged, interpolated tree, before validation and normalisation. */
export interface LoadedModel {
  tree: Record<string, unknown>;
  sources: SourceIndex;
  /** The environment used for interpolation: shell > --env-file > .env, plus COMPOSE_PROJECT_NAME. */
  env: Record<string, string>;
  projectName: string;
  projectDir: string;
  /** Absolute paths of the files loaded, in -f order (includes/extends not listed). */
  configFiles: string[];
  /** Active profiles (--profile and COMPOSE_PROFILES). */
  profiles: string[];
  /** What compose would print as warnings while loading (unset variables, several default files...). */
  warnings?: string[];
}
