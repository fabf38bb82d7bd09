// The image configuration (OCI image-spec config.md, Docker's image JSON): what a container
// inherits (Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Volumes, Labels, StopSignal,
// Healthcheck) plus rootfs.diff_ids and history. Parsed leniently (unknown fields kept, as the
// config bytes are the image id and are never rewritten), checked strictly where we rely on it.
import { EngineError } from '../errors';
import { configProblem } from './config-schema';

export interface ContainerDefaults {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number; StartInterval?: number };
  OnBuild?: string[] | null;
  Shell?: string[];
  ArgsEscaped?: boolean;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  author?: string;
  docker_version?: string;
  config?: ContainerDefaults;
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function parseImageConfig(bytes: Buffer | string, what = 'image config'): ImageConfig {
  let c: unknown;
  try {
    c = JSON.parse(bytes.toString());
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `${what} is not JSON`, { cause: err });
  }
  const cfg = c as Partial<ImageConfig>;
  if (typeof cfg !== 'object' || cfg === null || typeof cfg.rootfs !== 'object' || cfg.rootfs === null || !Array.isArray(cfg.rootfs.diff_ids)) {
    throw new EngineError('INVALID_ARGUMENT', `${what} has no rootfs.diff_ids`);
  }
  for (const d of cfg.rootfs.diff_ids) {
    if (typeof d !== 'string' || !DIGEST.test(d)) throw new EngineError('INVALID_ARGUMENT', `${what}: invalid diff id "${String(d)}"`);
  }
  const problem = configProblem(cfg);
  if (problem !== undefined) throw new EngineError('INVALID_ARGUMENT', `${what} has a field of the wrong type: ${problem}`);
  return { ...cfg, architecture: cfg.architecture ?? '', os: cfg.os ?? 'linux' } as ImageConfig;
}
