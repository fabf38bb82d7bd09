// The back half of the loader: the front half's merged tree → a typed, normalised Project.
// validate (zod) → normalise (long syntax, paths, environment, names) → profiles → consistency,
// the order of compose-go's LoadWithContext after its model is built.
import { resolveRelativePaths } from './extends/paths';
import { SpecError } from './errors';
import { validateTree } from './model/validate';
import { didYouMean } from './model/did-you-mean';
import type { ProjectModel } from './model/project';
import type { LoadedModel, ModelOptions, SourceIndex, SpecHost } from './model-input';
import { consistencyProblems, structuralProblems, throwFirst } from './consistency/check';
import { normalizeProject } from './normalize/project';
import type { NormalizeContext } from './normalize/context';
import { dependenciesOf, selectServices } from './merge/profiles';
import { findCycle, graphOf } from '../graph/graph';
import { loadModel } from './model-loader';

/** What the back half was told: `berth config`'s switches, and the services named. */
export interface ProjectOptions {
  /** `--no-normalize` */
  skipNormalization?: boolean;
  /** `--no-consistency` */
  skipConsistency?: boolean;
  /** `--no-env-resolution`: env_file/label_file not read into environment/labels. */
  skipEnvResolution?: boolean;
  /** `--no-path-resolution` */
  skipPathResolution?: boolean;
  /** Services named on the command line: enabled whatever their profiles, with their dependencies. */
  services?: string[];
}

export type LoadOptions = ModelOptions & ProjectOptions;

/** What the loader knew that is not part of the printed model. */
export interface ProjectMeta {
  workingDir: string;
  configFiles: string[];
  environment: Record<string, string>;
  profiles: string[];
  /** Services switched off by profiles, normalised like the others (compose keeps them too). */
  disabledServices: ProjectModel['services'];
  /** What compose prints as warnings while loading (unset variables, obsolete `version`...). */
  warnings: string[];
  /** Where each key of the merged tree was written (file:line), for reports that name a key
   * without failing the load (`berth convert`'s report of what did not carry over). */
  sources?: SourceIndex;
}

export type Project = ProjectModel & { readonly meta: ProjectMeta };

export function projectFromModel(model: LoadedModel, opts: ProjectOptions, host: Pick<SpecHost, 'readFile' | 'home'>): Project {
  validateTree(model.tree, model.sources);
  const ctx: NormalizeContext = {
    projectName: model.projectName,
    workingDir: model.projectDir,
    env: model.env,
    home: host.home,
    readFile: (p) => host.readFile(p),
    resolvePaths: !opts.skipPathResolution,
    normalize: !opts.skipNormalization,
    resolveEnv: !opts.skipEnvResolution,
  };
  unknownServices(opts.services ?? [], model.tree);
  const selection = select(model.tree, model.profiles, opts.services ?? []);
  // Disabled services are not loaded further (their env files may be missing, as compose allows).
  const tree = withServices(model.tree, selection.enabled);
  const normalised = normalizeProject(tree, ctx, model.sources);
  throwFirst(structuralProblems(normalised), model.sources, model.tree);
  if (!opts.skipConsistency) {
    throwFirst(consistencyProblems(normalised), model.sources, model.tree);
    cycles(normalised, model);
  }
  // Disabled services normalised too (compose-go normalises before splitting on profiles), but
  // without reading their env files, which compose allows to be missing for unused services.
  const disabledTree = withServices(model.tree, selection.disabled);
  const disabled = (normalizeProject(disabledTree, { ...ctx, resolveEnv: false }, model.sources).services ?? {}) as Record<string, unknown>;
  const meta: ProjectMeta = {
    workingDir: model.projectDir,
    configFiles: model.configFiles,
    environment: model.env,
    profiles: model.profiles,
    disabledServices: disabled as ProjectModel['services'],
    warnings: [...(model.warnings ?? []), ...obsoleteVersion(model)],
    sources: model.sources,
  };
  Object.defineProperty(normalised, 'meta', { value: meta, enumerable: false });
  return normalised as Project;
}

/** compose-go's schema stage warns about, then ignores, the top-level `version`. */
function obsoleteVersion(model: LoadedModel): string[] {
  if (model.tree.version === undefined) return [];
  const file = model.sources.find(['version'])?.file ?? model.configFiles[0] ?? '';
  return [`${file}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`];
}

/**
 * Profiles decide which services are on; services named on the command line narrow the project
 * to them and what they need, whatever their profiles (compose-go WithSelectedServices).
 */
function select(tree: Record<string, unknown>, profiles: string[], names: string[]): { enabled: string[]; disabled: string[] } {
  const byProfile = selectServices(tree, profiles, names);
  if (names.length === 0) return byProfile;
  const all = (tree.services ?? {}) as Record<string, unknown>;
  const keep = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const n = queue.shift()!;
    if (keep.has(n) || !Object.hasOwn(all, n)) continue;
    keep.add(n);
    queue.push(...dependenciesOf(all[n]));
  }
  const order = Object.keys(all);
  return { enabled: order.filter((n) => keep.has(n)), disabled: order.filter((n) => !keep.has(n)) };
}

function withServices(tree: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const all = (tree.services ?? {}) as Record<string, unknown>;
  return { ...tree, services: Object.fromEntries(names.map((n) => [n, all[n]])) };
}

function unknownServices(names: string[], tree: Record<string, unknown>): void {
  requireServiceNames(names, Object.keys((tree.services ?? {}) as Record<string, unknown>));
}

/** Each of `names` must be one of `known` (compose's "no such service", with a near name). */
export function requireServiceNames(names: readonly string[], known: readonly string[]): void {
  for (const n of names) {
    if (known.includes(n)) continue;
    const near = didYouMean(n, [...known]);
    throw new SpecError(`no such service: ${n}${near ? ` (did you mean "${near}"?)` : ''}`, { code: 'NOT_FOUND' });
  }
}

/** A dependency cycle, placed at the first service's dependency on the next one. */
function cycles(project: Record<string, unknown>, model: LoadedModel): void {
  const services = project.services as Record<string, object>;
  const cycle = findCycle(graphOf(services));
  if (!cycle) return;
  const [first, next] = cycle as [string, string];
  const message = `dependency cycle detected: ${cycle.join(' -> ')}`;
  throwFirst([{ message, path: ['services', first, 'depends_on', next] }], model.sources, model.tree);
}

/** The whole loader: files → merged tree (front half) → Project. */
export function loadProject(opts: LoadOptions, host: SpecHost): Project {
  return projectFromModel(loadModel(opts, host), opts, host);
}

/**
 * The merged tree, validated but neither normalised nor typed: what `config --no-interpolate`
 * prints (docker compose prints its raw model then, since uninterpolated values cannot be typed).
 */
export function loadRawModel(opts: LoadOptions, host: SpecHost): LoadedModel {
  const model = loadModel(opts, host);
  validateTree(model.tree, model.sources);
  // --no-interpolate skips interpolation only: compose's ToModel still resolves relative paths
  // (compose-go ResolvePaths is its own switch, --no-path-resolution).
  if (!opts.skipPathResolution) resolveRelativePaths(model.tree, model.projectDir, { home: host.home });
  return model;
}
