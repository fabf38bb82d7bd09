// Labels are Berth's only record of what it created, as in docker/compose pkg/api/labels.go: the
// same `com.docker.compose.*` keys, so `docker compose ps` and other tools recognise our projects.
import type { DependsOnCondition } from '../plan/operation';

const PREFIX = 'com.docker.compose';

export const LABEL = {
  project: `${PREFIX}.project`,
  service: `${PREFIX}.service`,
  containerNumber: `${PREFIX}.container-number`,
  oneOff: `${PREFIX}.oneoff`,
  slug: `${PREFIX}.slug`,
  configHash: `${PREFIX}.config-hash`,
  workingDir: `${PREFIX}.project.working_dir`,
  configFiles: `${PREFIX}.project.config_files`,
  environmentFile: `${PREFIX}.project.environment_file`,
  image: `${PREFIX}.image`,
  version: `${PREFIX}.version`,
  dependsOn: `${PREFIX}.depends_on`,
  network: `${PREFIX}.network`,
  volume: `${PREFIX}.volume`,
  replace: `${PREFIX}.replace`,
} as const;

/** The version we write into `com.docker.compose.version`: the compose release we behave like. */
export const COMPOSE_VERSION = '2.40.0';

export interface DependsOnLabelEntry {
  service: string;
  condition: DependsOnCondition;
  restart: boolean;
}

export interface ContainerLabelInput {
  project: string;
  service: string;
  number: number;
  oneOff: boolean;
  configHash: string;
  workingDir: string;
  configFiles: string[];
  environmentFiles: string[];
  imageDigest?: string;
  dependsOn: DependsOnLabelEntry[];
  /** One-off runs carry a slug (the random part of `<project>-<service>-run-<slug>`). */
  slug?: string;
  /** Id of the container this one replaces (compose sets it on recreate). */
  replace?: string;
}

/** The labels compose puts on a service container (compose create.go getCreateConfigs). */
export function containerLabels(input: ContainerLabelInput): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL.project]: input.project,
    [LABEL.service]: input.service,
    [LABEL.containerNumber]: String(input.number),
    [LABEL.oneOff]: input.oneOff ? 'True' : 'False',
    [LABEL.configHash]: input.configHash,
    [LABEL.workingDir]: input.workingDir,
    [LABEL.configFiles]: input.configFiles.join(','),
    [LABEL.version]: COMPOSE_VERSION,
    [LABEL.dependsOn]: formatDependsOnLabel(input.dependsOn),
  };
  if (input.environmentFiles.length > 0) labels[LABEL.environmentFile] = input.environmentFiles.join(',');
  if (input.imageDigest !== undefined) labels[LABEL.image] = input.imageDigest;
  if (input.slug !== undefined) labels[LABEL.slug] = input.slug;
  if (input.replace !== undefined) labels[LABEL.replace] = input.replace;
  return labels;
}

/** Labels of a network or volume: project, compose key, version (compose create.go). */
export function resourceLabels(kind: 'network' | 'volume', project: string, key: string, configHash?: string): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL.project]: project,
    [kind === 'network' ? LABEL.network : LABEL.volume]: key,
    [LABEL.version]: COMPOSE_VERSION,
  };
  if (configHash !== undefined) labels[LABEL.configHash] = configHash;
  return labels;
}

/** `svc:condition:restart,...` as compose writes it, sorted for a stable label. */
export function formatDependsOnLabel(entries: DependsOnLabelEntry[]): string {
  return [...entries]
    .sort((a, b) => a.service.localeCompare(b.service))
    .map((e) => `${e.service}:${e.condition}:${e.restart}`)
    .join(',');
}

const CONDITIONS: ReadonlySet<string> = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

/** Reads the depends_on label back; older compose wrote bare service names (`svc` or `svc:cond`). */
export function parseDependsOnLabel(value: string | undefined): DependsOnLabelEntry[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').flatMap((item) => {
    const [service, condition, restart] = item.trim().split(':');
    if (service === undefined || service === '') return [];
    const cond = condition !== undefined && CONDITIONS.has(condition) ? (condition as DependsOnCondition) : 'service_started';
    return [{ service, condition: cond, restart: restart === 'true' }];
  });
}

/** The `filters` of a listing call that returns only this project's objects (compose projectFilter). */
export function projectFilter(project: string): { label: string[] } {
  return { label: [`${LABEL.project}=${project.toLowerCase()}`] };
}
