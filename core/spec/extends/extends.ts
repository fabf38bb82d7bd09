// `extends` (compose-spec 05-services.md#extends, compose-go loader/extends.go), resolved per
// file before the multi-file merge: the base (same file, or another file loaded with its own
// directory for relative paths) is deep-copied, the extending file's !reset/!override paths
// are applied to it, then the extending service is merged on top with the usual merge rules.
import { posix } from 'node:path';
import type { ErrorCode } from '../../errors';
import { atReferrer, SpecError } from '../errors';
import type { TreePath } from '../model-input';
import { mergeService } from '../merge/merge';
import { isRemoteResource } from './paths';
import { applyResets } from '../merge/reset';
import type { SourceMap } from '../yaml/source-index';
import { isMapping } from '../yaml/tree-path';

type Obj = Record<string, unknown>;

export interface ExtendsBase {
  /** The `services` of the base file, relative paths already resolved against its directory. */
  services: unknown;
  /** The base file's !reset/!override paths. */
  tagged: TreePath[];
}

export interface ExtendsContext {
  /** The file whose services are being resolved. */
  file: string;
  /** Directory relative `extends.file` values are resolved against (the project's). */
  workingDir: string;
  sources: SourceMap;
  /** Loads another compose file as an extends base (no include/extends of its own). */
  loadBase(path: string): ExtendsBase;
}

/** Resolve `extends` of every service of `tree`, in place. `tagged`: the file's reset paths. */
export function applyExtends(tree: Obj, tagged: TreePath[], ctx: ExtendsContext): void {
  if (tree.services === undefined || tree.services === null) return;
  if (!isMapping(tree.services)) throw SpecError.entry('services must be a mapping', ctx.sources, tree, 'services', ['services']);
  const services = tree.services;
  for (const name of Object.keys(services)) {
    services[name] = extendService(name, services, ctx.file, new CycleTracker(), [tagged], ctx);
  }
}

function extendService(name: string, services: Obj, file: string, tracker: CycleTracker, post: TreePath[][], ctx: ExtendsContext): unknown {
  const svc = services[name];
  if (svc === null || svc === undefined) return svc;
  if (!isMapping(svc)) throw SpecError.entry(`services.${name} must be a mapping`, ctx.sources, services, name, ['services', name]);
  if (svc.extends === undefined) return svc;
  const fail = (message: string, code?: ErrorCode) => SpecError.entry(message, ctx.sources, svc, 'extends', ['services', name, 'extends'], undefined, code);
  const { ref, refFile } = parseExtends(name, svc.extends, fail);
  let baseServices = services;
  let baseFile = file;
  let chain = post;
  if (refFile !== undefined) {
    if (isRemoteResource(refFile)) throw fail(`remote extends file ${refFile} is not supported (only local files)`, 'NOT_IMPLEMENTED');
    baseFile = posix.isAbsolute(refFile) ? refFile : posix.join(ctx.workingDir, refFile);
    const ext = svc.extends as Obj;
    const loaded = atReferrer(() => ctx.loadBase(baseFile), (message, cause, code) => SpecError.entry(message, ctx.sources, ext, 'file', ['services', name, 'extends', 'file'], cause, code));
    if (!isMapping(loaded.services)) throw fail(`cannot extend service "${name}" in ${file}: no services section`);
    if (!Object.hasOwn(loaded.services, ref)) throw fail(`cannot extend service "${name}" in ${file}: service "${ref}" not found in ${refFile}`);
    baseServices = loaded.services;
    chain = [...post, loaded.tagged];
  } else if (!Object.hasOwn(services, ref)) {
    throw fail(`cannot extend service "${name}" in ${file}: service "${ref}" not found`);
  }
  const base = extendService(ref, baseServices, baseFile, tracker.add(baseFile, name), chain, ctx);
  const rest = { ...svc };
  delete rest.extends;
  if (base === null || base === undefined) return rest;
  const source = ctx.sources.clone(base as Obj);
  for (const tagged of chain) applyResets({ services: { [name]: source } }, tagged);
  const merged = mergeService(source, svc, { sources: ctx.sources });
  delete merged.extends;
  services[name] = merged;
  return merged;
}

function parseExtends(name: string, ext: unknown, fail: (m: string) => SpecError): { ref: string; refFile?: string } {
  if (typeof ext === 'string') return { ref: ext };
  if (isMapping(ext)) {
    if (typeof ext.service !== 'string') throw fail(`extends.${name}.service is required`);
    if (ext.file !== undefined && ext.file !== null && typeof ext.file !== 'string') {
      throw fail(`services.${name}.extends.file must be a string`);
    }
    return { ref: ext.service, refFile: (ext.file as string | null) ?? undefined };
  }
  throw fail(`services.${name}.extends must be a string or a mapping`);
}

/** (file, service) pairs along one extends chain; a repeat is a cycle, printed as compose does. */
class CycleTracker {
  constructor(private readonly seen: ReadonlyArray<readonly [string, string]> = []) {}

  add(file: string, service: string): CycleTracker {
    if (this.seen.some(([f, s]) => f === file && s === service)) {
      const [first, ...rest] = [...this.seen, [file, service] as const];
      const lines = ['Circular reference:', `  ${first[1]} in ${first[0]}`, ...rest.map(([f, s]) => `  extends ${s} in ${f}`)];
      throw new SpecError(lines.join('\n'), { file, code: 'INVALID_ARGUMENT' });
    }
    return new CycleTracker([...this.seen, [file, service]]);
  }
}
