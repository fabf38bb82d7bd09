// The consistency stage: every check over the normalised, profile-filtered project; the first
// problem is thrown as a SpecError at the offending node. Cycles are the graph's business
// (core/graph reports them with their path).
import { SpecError } from '../errors';
import type { SourceIndex } from '../model-input';
import type { Obj } from '../normalize/mappings';
import { checkReferences, type Problem } from './references';
import { checkFileObjects } from './resource-rules';
import { checkContainerNames, checkService, checkStructure } from './service-rules';

/** Checks compose-go runs even with --no-consistency (its validation stage). */
export function structuralProblems(project: Obj): Problem[] {
  const services = (project.services ?? {}) as Record<string, Obj>;
  return [...Object.entries(services).flatMap(([n, s]) => checkStructure(n, s)), ...checkFileObjects(project)];
}

export function consistencyProblems(project: Obj): Problem[] {
  const services = (project.services ?? {}) as Record<string, Obj>;
  return [
    ...Object.entries(services).flatMap(([n, s]) => checkService(n, s)),
    ...checkReferences(project),
    ...checkContainerNames(services),
  ];
}

export function throwFirst(problems: Problem[], sources?: SourceIndex): void {
  const p = problems[0];
  if (p) throw SpecError.at(p.message, p.path, sources);
}
