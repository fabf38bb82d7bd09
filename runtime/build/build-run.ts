// What one build's steps share: the engine's parts they use, the request, the cache, the lease
// that keeps the build's layers from GC, the stages and their results (a promise per stage, so a
// stage two others need is built once and independent stages run side by side).
import type { ImageService } from '../images/index';
import type { BuildCache } from './cache';
import type { FileHashCache, SourceFilter } from './copy-sources';
import type { RootfsDeps } from './rootfs-step';
import type { RunHost } from './run-step';
import type { Stage } from './stages';
import type { BuildOptions, Emit, StageState } from './types';

export interface BuildRun {
  images: ImageService;
  rootfs: RootfsDeps;
  runHost: RunHost;
  opts: BuildOptions;
  emit: Emit;
  file: string;
  escape: string;
  contextDir: string;
  /** What .dockerignore leaves out of the context. */
  contextFilter: SourceFilter;
  /** Where RUN --mount=type=cache directories live (kept between builds). */
  cacheMounts: string;
  cache: BuildCache;
  /** Content hashes of context files, kept while their stat does not move. */
  fileHashes: FileHashCache;
  lease: Set<string>;
  /** Meta args (before the first FROM) with build-arg overrides, predefined platform args included. */
  metaArgs: Map<string, string>;
  stages: Stage[];
  results: Map<number, Promise<StageState>>;
  steps: { n: number; total: number; inTriggers?: boolean };
  platform: { os: string; architecture: string };
  now: () => Date;
  /** The stage's state is built by this function (set by the builder; stages call it for refs). */
  buildStage: (stage: Stage) => Promise<StageState>;
}

export function stepLine(run: BuildRun, text: string): void {
  // ONBUILD triggers run under their FROM's "# Executing N build triggers", unnumbered, as dockerd's
  if (run.steps.inTriggers) return;
  run.steps.n++;
  run.emit({ stream: `Step ${run.steps.n}/${run.steps.total} : ${text}\n` });
}

export function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
