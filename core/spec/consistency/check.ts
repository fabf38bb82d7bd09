// The consistency stage: every check over the normalised, profile-filtered project; the first
// problem is thrown as a SpecError at the offending node. Cycles are the graph's business
// (core/graph reports them with their path).
import { SpecError } from '../errors';
import type { SourceIndex } from '../model-input';
import type { Obj } from '../normalize/mappings';
import { checkReferences, type Problem } from './references';
import { checkExternalVolumes, checkFileObjects } from './resource-rules';
import { checkContainerNames, checkService, checkStructure } from './service-rules';
import { checkEngineValues } from './engine-values';
import { checkNetworkValues } from './network-values';

/** Checks compose-go runs even with --no-consistency (its validation stage). */
export function structuralProblems(project: Obj): Problem[] {
  const services = (project.services ?? {}) as Record<string, Obj>;
  return [...Object.entries(services).flatMap(([n, s]) => [...checkStructure(n, s), ...checkEngineValues(n, s)]), ...checkFileObjects(project), ...checkExternalVolumes(project), ...checkNetworkValues(project)];
}

export function consistencyProblems(project: Obj): Problem[] {
  const services = (project.services ?? {}) as Record<string, Obj>;
  return [
    ...Object.entries(services).flatMap(([n, s]) => checkService(n, s)),
    ...checkReferences(project),
    ...checkContainerNames(services),
  ];
}

/**
 * The first problem as a SpecError at its place in the file. Problems name normalised paths
 * (`depends_on.db`); where the file used a list (`depends_on: [db]`) the item's index is found.
 */
export function throwFirst(problems: Problem[], sources?: SourceIndex, raw?: unknown): void {
  const p = problems[0];
  if (p) throw SpecError.at(p.message, raw === undefined ? p.path : rawPath(raw, p.path), sources);
}

function rawPath(tree: unknown, path: (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  let cur = tree;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'string') {
      const i = cur.findIndex((item) => item === seg || (typeof item === 'string' && (item.startsWith(`${seg}:`) || item.startsWith(`${seg}=`))));
      if (i < 0) break;
      out.push(i);
      cur = cur[i];
      continue;
    }
    out.push(seg);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  }
  return out;
}
