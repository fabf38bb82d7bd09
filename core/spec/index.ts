// core/spec's public face: load a compose project, its types, its canonical text and hashes.
import type { Project } from './load';
import type { ServiceConfig } from './model/project';
import { serviceHash } from './canonical/hash';
import { printProject } from './canonical/print';
import { CoreError } from '../errors';

export { loadProject, loadRawModel, projectFromModel, requireServiceNames, type LoadOptions, type Project, type ProjectMeta, type ProjectOptions } from './load';
export type { ServiceConfig, PortConfig, VolumeMount, Dependency, NetworkConfig, VolumeConfig, FileObjectConfig, ProjectModel } from './model/project';
export { printProject, toYaml, toJson, canonicalService } from './canonical/print';
export { validateTree } from './model/validate';
export { SpecError, formatPath } from './errors';
export type { SpecHost, ModelOptions, LoadedModel } from './model-input';

/** com.docker.compose.config-hash of one service (what the reconciler compares to decide a recreate). */
export function serviceConfigHash(project: Project, name: string): string {
  const svc: ServiceConfig | undefined = project.services[name];
  if (!svc) throw new CoreError('NOT_FOUND', `no such service: ${name}`);
  return serviceHash(svc as Record<string, unknown>);
}

/** The project as `docker compose config` prints it. */
export function projectYaml(project: Project): string {
  return printProject(project as Record<string, unknown>, 'yaml');
}
