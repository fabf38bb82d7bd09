// Loading a set of compose files into one raw tree, file by file and document by document,
// in compose-go's order (loader.go loadYamlFile): parse → interpolate → extends → apply the
// file's !reset/!override to what earlier files built → include → merge → uniqueness.
// The main project and every included project go through here.
import { posix } from 'node:path';
import { resolveIncludedEnvironment } from './environment';
import { SpecError } from '../errors';
import type { SpecHost, TreePath } from '../model-input';
import { applyExtends, type ExtendsBase } from '../extends/extends';
import { resolveRelativePaths } from '../extends/paths';
import { interpolateTree } from '../interpolate/interpolate';
import { mergeTrees } from '../merge/merge';
import { applyResets } from '../merge/reset';
import { enforceUnicity } from '../merge/unicity';
import { type ParsedDocument, parseYaml } from '../yaml/parse';
import type { SourceMap } from '../yaml/source-index';
import { isMapping } from '../yaml/tree-path';
import { applyInclude, type IncludeScope } from './include';

type Obj = Record<string, unknown>;

export interface LoaderEnv {
  host: SpecHost;
  sources: SourceMap;
  warnings: string[];
  skipInterpolation: boolean;
  /**
   * With `--no-path-resolution`, the main project directory: paths of included files and
   * extends bases are then rewritten relative to it instead of made absolute (compose-go
   * resolves them against a relative working dir in that case).
   */
  relativeTo?: string;
  /** Files already parsed (the project name is read before loading); each used once. */
  preParsed?: Map<string, ParsedDocument[]>;
  /**
   * Extends bases already loaded, per project scope and file: a file that many services extend
   * is read and parsed once (extends clones the base service before merging onto it).
   */
  extendsBases?: WeakMap<IncludeScope, Map<string, ExtendsBase>>;
}

interface FileOptions {
  skipExtends?: boolean;
  skipInclude?: boolean;
}

/** Load `files` (absolute) in order into one merged tree. */
export function loadProjectFiles(files: readonly string[], scope: IncludeScope, le: LoaderEnv): Obj {
  let model: Obj = {};
  for (const file of files) model = loadFile(file, scope, model, le, {}).model;
  return model;
}

/** An included project: loaded like the main one, then paths resolved against its directory. */
export function loadIncludedProject(files: string[], scope: IncludeScope, le: LoaderEnv): Obj {
  const model = loadProjectFiles(files, scope, le);
  resolveIncludedEnvironment(model, scope.env);
  defaultBuildContext(model);
  return resolveRelativePaths(model, baseDir(scope.workingDir, le), { home: le.host.home });
}

function loadFile(file: string, scope: IncludeScope, start: Obj, le: LoaderEnv, fo: FileOptions): { model: Obj; tagged: TreePath[] } {
  let model = start;
  let tagged: TreePath[] = [];
  for (const doc of parseFile(file, le)) {
    const tree = doc.tree;
    tagged = [...doc.resets, ...doc.overrides];
    if ('version' in tree) warnOnce(le, `${file}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`);
    if (!le.skipInterpolation) {
      interpolateTree(tree, { lookup: (n) => (Object.hasOwn(scope.env, n) ? scope.env[n] : undefined), sources: le.sources, warn: (w) => warnOnce(le, w) });
    }
    if (!fo.skipExtends) {
      applyExtends(tree, tagged, { file, workingDir: scope.workingDir, sources: le.sources, loadBase: (p) => loadExtendsBase(p, scope, le) });
    }
    applyResets(model, tagged);
    if (!fo.skipInclude) {
      applyInclude(tree, tagged, { file, scope, host: le.host, sources: le.sources, loadProject: (f, s) => loadIncludedProject(f, s, le) });
    }
    model = enforceUnicity(mergeTrees(model, tree, { sources: le.sources }), le.sources, tree);
  }
  return { model, tagged };
}

function baseDir(dir: string, le: LoaderEnv): string {
  return le.relativeTo === undefined ? dir : posix.relative(le.relativeTo, dir) || '.';
}

function warnOnce(le: LoaderEnv, message: string): void {
  if (!le.warnings.includes(message)) le.warnings.push(message);
}

export function parseFile(file: string, le: LoaderEnv): ParsedDocument[] {
  const cached = le.preParsed?.get(file);
  if (cached) {
    le.preParsed?.delete(file);
    return cached;
  }
  // As compose: a directory given as a compose file is "is a directory", not "no such file".
  if (le.host.isDirectory(file)) throw new SpecError(`read ${file}: is a directory`, { code: 'INVALID_ARGUMENT' });
  const text = le.host.readFile(file);
  if (text === undefined) throw new SpecError(`open ${file}: no such file or directory`, { file, code: 'NOT_FOUND' });
  return parseYaml(text, file, le.sources);
}

/** Another file as an extends base: its own extends/include ignored, paths against its directory. */
function loadExtendsBase(path: string, scope: IncludeScope, le: LoaderEnv): ExtendsBase {
  le.extendsBases ??= new WeakMap();
  let loaded = le.extendsBases.get(scope);
  if (!loaded) le.extendsBases.set(scope, (loaded = new Map()));
  const cached = loaded.get(path);
  if (cached) return cached;
  const { model, tagged } = loadFile(path, scope, {}, le, { skipExtends: true, skipInclude: true });
  resolveRelativePaths(model, baseDir(posix.dirname(path), le), { home: le.host.home });
  const base = { services: model.services, tagged };
  loaded.set(path, base);
  return base;
}

/** compose-go sets `build.context: .` before resolving an included project's paths. */
function defaultBuildContext(model: Obj): void {
  if (!isMapping(model.services)) return;
  for (const svc of Object.values(model.services)) {
    if (isMapping(svc) && isMapping(svc.build) && svc.build.context === undefined) svc.build.context = '.';
  }
}
