// Container names as compose v2 makes them (compose-go/utils and compose convergence.go):
// `<project>-<service>-<n>` with a `-` separator, `container_name` when set, one-off runs
// `<project>-<service>-run-<slug>`, and the temporary name of a replacement `<old id 12>_<name>`.
import type { DesiredService } from './input';

export function containerName(project: string, service: DesiredService, number: number): string {
  return service.containerName ?? `${project}-${service.name}-${number}`;
}

export function oneOffContainerName(project: string, service: string, slug: string): string {
  return `${project}-${service}-run-${slug.slice(0, 12)}`;
}

export function replacementName(oldId: string, finalName: string): string {
  return `${oldId.slice(0, 12)}_${finalName}`;
}

/** compose's default image name for a service with only `build:`. */
export function defaultImageName(project: string, service: string): string {
  return `${project}-${service}`;
}

/** Resource name for a network or volume: `name:` or `<project>_<key>`; externals keep the key. */
export function resourceName(project: string, key: string, explicitName: string | undefined, external: boolean): string {
  if (explicitName !== undefined) return explicitName;
  return external ? key : `${project}_${key}`;
}
