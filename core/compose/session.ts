// What every compose use case needs: the engine (client + the executor's narrow view of it), a
// clock, progress and cancellation. Built by the CLI, faked nowhere (use cases are tested e2e).
import type { EngineClient } from '../engine/client';
import type { ExecuteResult, ExecutorEngine, ProgressListener } from '../execute';
import { executePlan } from '../execute';
import type { Plan } from '../plan/operation';
import type { DesiredProject } from '../reconcile';
import type { Project } from '../spec';
import { projectConfigSource } from './config-source';

export interface ComposeSession {
  client: EngineClient;
  engine: ExecutorEngine;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Parallel engine calls (`--parallel`, COMPOSE_PARALLEL_LIMIT); unbounded when undefined, as compose. */
  concurrency?: number;
}

export function runPlan(s: ComposeSession, project: Project | undefined, desired: DesiredProject, plan: Plan, images: Record<string, string> = {}): Promise<ExecuteResult> {
  const config = project === undefined ? noCreates() : projectConfigSource(project, desired, s.engine, images);
  return executePlan(plan, {
    engine: s.engine, config, project: desired.name, concurrency: s.concurrency, signal: s.signal,
    onProgress: s.onProgress, now: s.now, sleep: s.sleep,
  });
}

/** `down` without a compose file never creates anything. */
function noCreates(): ReturnType<typeof projectConfigSource> {
  const fail = (): never => { throw new Error('nothing can be created without a compose file'); };
  return { container: async () => fail(), network: fail, volume: fail };
}
