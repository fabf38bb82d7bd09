// `include` (compose-spec 14-include.md, compose-go loader/include.go): each entry is loaded as
// its own project (own directory, own .env under the including project's environment), its
// relative paths resolved against that directory, then its resources are copied into the
// including file; on a name clash the local definition is merged on top of the included one.
import { posix } from 'node:path';
import { atReferrer, SpecError } from '../errors';
import type { SpecHost, TreePath } from '../model-input';
import { readEnvFiles, fillMissing } from '../dotenv/env-files';
import { isRemoteResource } from '../extends/paths';
import { mergeValue } from '../merge/merge';
import { applyResets } from '../merge/reset';
import type { SourceMap } from '../yaml/source-index';
import { isMapping } from '../yaml/tree-path';

type Obj = Record<string, unknown>;

const RESOURCES = ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'] as const;

export interface IncludeScope {
  workingDir: string;
  env: Readonly<Record<string, string>>;
  /** Files along the current include chain, outermost first (for cycle detection). */
  chain: readonly string[];
}

export interface IncludeContext {
  file: string;
  scope: IncludeScope;
  host: SpecHost;
  sources: SourceMap;
  /** Load an included project: files merged in order, paths resolved against `scope.workingDir`. */
  loadProject(files: string[], scope: IncludeScope): Obj;
}

interface IncludeEntry {
  paths: string[];
  projectDirectory?: string;
  envFiles?: string[];
}

/** Resolve `include` of `tree` in place; `tagged` are the file's !reset/!override paths. */
export function applyInclude(tree: Obj, tagged: TreePath[], ctx: IncludeContext): void {
  if (tree.include === undefined || tree.include === null) return;
  if (!Array.isArray(tree.include)) throw SpecError.entry('`include` must be a list', ctx.sources, tree, 'include', ['include']);
  const list = tree.include;
  const chain = [...ctx.scope.chain, ctx.file];
  list.forEach((raw, i) => {
    const fail = (message: string) => SpecError.entry(message, ctx.sources, list, i, ['include', i]);
    const entry = parseEntry(raw, fail);
    const imported = atReferrer(() => loadEntry(entry, chain, ctx), (message, cause, code) => SpecError.entry(message, ctx.sources, list, i, ['include', i], cause, code));
    applyResets(imported, tagged);
    importResources(imported, tree, ctx.sources);
  });
  delete tree.include;
}

function loadEntry(entry: IncludeEntry, chain: string[], ctx: IncludeContext): Obj {
  const { workingDir, env } = ctx.scope;
  const remote = entry.paths.find(isRemoteResource);
  if (remote) throw new SpecError(`remote include ${remote} is not supported (only local files)`, { file: ctx.file, code: 'NOT_IMPLEMENTED' });
  const paths = entry.paths.map((p) => (posix.isAbsolute(p) ? p : posix.join(workingDir, p)));
  const projectDir =
    entry.projectDirectory === undefined ? posix.dirname(paths[0]) : posix.resolve(workingDir, entry.projectDirectory);
  if (chain.includes(paths[0])) {
    throw new SpecError(`include cycle detected:\n${chain[0]}\n include ${[...chain.slice(1), paths[0]].join('\n include ')}`, { file: ctx.file });
  }
  // As compose-go's include: /dev/null names no file (it is skipped), the others are read.
  const envFiles = entry.envFiles?.filter((f) => f !== '/dev/null').map((f) => posix.resolve(workingDir, f)) ?? defaultEnvFile(projectDir, ctx.host);
  const fromFiles = readEnvFiles(envFiles, ctx.host, env);
  return ctx.loadProject(paths, { workingDir: projectDir, env: fillMissing(env, fromFiles), chain });
}

function defaultEnvFile(projectDir: string, host: SpecHost): string[] {
  const f = posix.join(projectDir, '.env');
  return !host.isDirectory(f) && host.readFile(f) !== undefined ? [f] : [];
}

function parseEntry(raw: unknown, fail: (message: string) => SpecError): IncludeEntry {
  if (typeof raw === 'string') return { paths: [raw] };
  if (!isMapping(raw)) throw fail('include entries must be a string or a mapping');
  const list = (v: unknown, what: string): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((e) => typeof e === 'string')) return v as string[];
    throw fail(`include ${what} must be a string or a list of strings`);
  };
  const paths = list(raw.path, 'path');
  if (!paths || paths.length === 0) throw fail('include entry is missing its path');
  const pd = raw.project_directory;
  if (pd !== undefined && typeof pd !== 'string') throw fail('include project_directory must be a string');
  return { paths, projectDirectory: pd, envFiles: list(raw.env_file, 'env_file') };
}

/** Copy the included resources; a local definition of the same name is merged on top. */
function importResources(imported: Obj, tree: Obj, sources: SourceMap): void {
  for (const section of RESOURCES) {
    const from = imported[section];
    if (!isMapping(from)) continue;
    const to = isMapping(tree[section]) ? tree[section] : {};
    for (const [name, def] of Object.entries(from)) {
      if (Object.hasOwn(to, name) && to[name] !== null && to[name] !== undefined && def !== null) {
        to[name] = mergeValue(def, to[name], [section, name], { sources });
      } else if (!Object.hasOwn(to, name)) {
        to[name] = def;
        sources.copy(from, name, to, name);
      }
    }
    tree[section] = to;
  }
}
