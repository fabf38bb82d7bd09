// The front half of the loader: from the command line's options and a SpecHost to one merged,
// interpolated raw tree with positions, in compose-go's order (cli/options.go, loader.go):
// environment (.env of the working dir, then of the project dir), files, project name, then
// each file parsed, interpolated, extended, included and merged.
import { posix } from 'node:path';
import { discoverFiles } from './discover/discover';
import { chooseProjectName } from './discover/project-name';
import { fillMissing, readEnvFiles } from './dotenv/env-files';
import { SpecError } from './errors';
import { loadProjectFiles, parseFile, type LoaderEnv } from './include/project-loader';
import { interpolateTree } from './interpolate/interpolate';
import { activeProfiles } from './merge/profiles';
import type { LoadedModel, ModelOptions, SpecHost } from './model-input';
import { SourceMap } from './yaml/source-index';

export function loadModel(opts: ModelOptions, host: SpecHost): LoadedModel {
  const { warnings, found, env2, le, sources, projectName } = modelHead(opts, host);
  const env = { ...env2, COMPOSE_PROJECT_NAME: projectName };
  const tree = loadProjectFiles(found.files, { workingDir: found.projectDir, env, chain: [] }, le);
  if (Object.keys(tree).length === 0) throw new SpecError('empty compose file', { file: found.files[0] });
  sources.setRoot(tree);
  return {
    tree,
    sources,
    env,
    projectName,
    projectDir: found.projectDir,
    configFiles: found.files,
    profiles: activeProfiles(opts.profiles, env2),
    warnings,
  };
}

/**
 * The project's name as loadModel chooses it (-p, COMPOSE_PROJECT_NAME of the shell or a .env,
 * the files' `name:`, the directory), without loading the project: what a command that first
 * lists what runs (the dashboard's first frame) needs before the rest. Parses the files (yaml
 * only: no validation, no includes), and fails as loadModel does when there is no compose file.
 */
export function loadProjectName(opts: ModelOptions, host: SpecHost): string {
  return modelHead(opts, host).projectName;
}

/** loadModel up to the project's name: environment, discovered files, the name. */
function modelHead(opts: ModelOptions, host: SpecHost) {
  const warnings: string[] = [];
  // First pass: the .env of the directory known so far may set COMPOSE_FILE, COMPOSE_PROFILES...
  // (docker compose loads env files before discovery, then again once the project dir is known).
  const env1 = fillMissing(host.env, readEnvFiles(envFilesFor(opts, host, firstDir(opts, host)), host, host.env));
  const found = discoverFiles({ files: opts.files, projectDirectory: opts.projectDirectory }, host, env1);
  warnings.push(...found.warnings);
  const env2 = fillMissing(env1, readEnvFiles(envFilesFor(opts, host, found.projectDir), host, env1));
  const sources = new SourceMap();
  const le: LoaderEnv = {
    host,
    sources,
    warnings,
    skipInterpolation: opts.skipInterpolation === true,
    preParsed: new Map(),
    relativeTo: opts.skipPathResolution ? found.projectDir : undefined,
  };
  const projectName = chooseProjectName({
    flag: opts.projectName,
    env: env2,
    fromFiles: nameFromFiles(found.files, le, env2),
    projectDir: found.projectDir,
  });
  return { warnings, found, env2, le, sources, projectName };
}

/** compose-go ProjectOptions.GetWorkingDir before discovery: --project-directory, the first -f file's dir, the cwd. */
function firstDir(opts: ModelOptions, host: SpecHost): string {
  if (opts.projectDirectory !== undefined) return posix.resolve(host.cwd, opts.projectDirectory);
  const first = opts.files.find((f) => f !== '-');
  return first !== undefined ? posix.dirname(posix.resolve(host.cwd, first)) : host.cwd;
}

/**
 * `--env-file` (or COMPOSE_ENV_FILES), relative to the working dir; else `<dir>/.env` when it
 * exists, unless COMPOSE_DISABLE_ENV_FILE is true (compose-go cli WithEnvFiles).
 */
function envFilesFor(opts: ModelOptions, host: SpecHost, dir: string): string[] {
  const explicit = opts.envFiles?.length ? opts.envFiles : host.env.COMPOSE_ENV_FILES?.split(',').filter((f) => f !== '');
  if (explicit && explicit.length > 0) return explicit.map((f) => posix.resolve(host.cwd, f));
  if (isTrue(host.env.COMPOSE_DISABLE_ENV_FILE)) return [];
  const dotenv = posix.join(dir, '.env');
  return !host.isDirectory(dotenv) && host.readFile(dotenv) !== undefined ? [dotenv] : [];
}

/** Go's strconv.ParseBool truthy spellings. */
function isTrue(v: string | undefined): boolean {
  return v !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}

/**
 * The last non-empty top-level `name:` across files and documents, interpolated. The files
 * are parsed once here and the documents kept for the load proper.
 */
function nameFromFiles(files: string[], le: LoaderEnv, env: Readonly<Record<string, string>>): string | undefined {
  let name: string | undefined;
  for (const file of files) {
    if (le.preParsed?.has(file)) continue;
    const docs = parseFile(file, le);
    le.preParsed?.set(file, docs);
    for (const doc of docs) {
      const value = doc.tree.name;
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') throw SpecError.entry('name must be a string', le.sources, doc.tree, 'name', ['name']);
      if (value !== '') name = value;
    }
  }
  if (name === undefined || le.skipInterpolation) return name;
  const holder = { name };
  interpolateTree(holder, { lookup: (n) => (Object.hasOwn(env, n) ? env[n] : undefined) });
  return holder.name;
}
