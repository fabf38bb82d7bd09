// depends_on gates (compose convergence.go waitDependencies): poll the dependency's containers
// until every one meets the condition. `service_healthy` fails fast on an unhealthy or exited
// container or one without a healthcheck; `service_completed_successfully` fails on a non-zero exit.
import type { ContainerInspect } from '../../runtime/api/types';
import { CoreError } from '../errors';
import { LABEL } from '../observe/labels';
import type { WaitConditionOp } from '../plan/operation';
import type { ExecutorEngine } from './engine';

export interface WaitDeps {
  engine: ExecutorEngine;
  project: string;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Poll period (the executor passes 100 ms; compose polls every 500 ms). */
  pollMs?: number;
  /** Told once which containers a gate waits for (names without `/`), for the progress lines. */
  onWaiting?: (op: WaitConditionOp, containers: string[]) => void;
}

type Verdict = 'met' | 'waiting';

/** Resolves with the names of the containers that met the condition. */
export async function waitForCondition(op: WaitConditionOp, deps: WaitDeps): Promise<string[]> {
  const labels = [`${LABEL.project}=${deps.project}`, `${LABEL.service}=${op.target}`, `${LABEL.oneOff}=False`];
  let told = false;
  for (;;) {
    if (deps.signal?.aborted) throw new CoreError('UNAVAILABLE', `waiting for ${op.target} aborted`, { cause: deps.signal.reason });
    const list = await deps.engine.listContainers(labels);
    if (list.length === 0) throw new CoreError('FAILED_PRECONDITION', `service "${op.target}" has no container to wait for`);
    const states = await Promise.all(list.map((c) => deps.engine.inspectContainer(c.Id)));
    const names = states.map((c) => c.Name.replace(/^\//, '')).sort();
    if (!told) { told = true; deps.onWaiting?.(op, names); }
    const verdicts = states.map((c) => judge(op, c));
    if (verdicts.every((v) => v === 'met')) return names;
    await deps.sleep(deps.pollMs ?? 100, deps.signal);
  }
}

function judge(op: WaitConditionOp, c: ContainerInspect): Verdict {
  const name = c.Name.replace(/^\//, '');
  const s = c.State;
  if (op.condition === 'service_completed_successfully') {
    if (s.Status !== 'exited' && s.Status !== 'dead') return 'waiting';
    if (s.ExitCode === 0) return 'met';
    throw new CoreError('FAILED_PRECONDITION', `service "${op.target}" didn't complete successfully: exit ${s.ExitCode}`);
  }
  if (s.Status === 'exited' || s.Status === 'dead') {
    throw new CoreError('FAILED_PRECONDITION', `dependency failed to start: container ${name} exited (${s.ExitCode})`);
  }
  const health = s.Health?.Status;
  if (health === undefined || health === 'none') {
    throw new CoreError('FAILED_PRECONDITION', `dependency failed to start: container ${name} has no healthcheck configured`);
  }
  if (health === 'unhealthy') throw new CoreError('FAILED_PRECONDITION', `dependency failed to start: container ${name} is unhealthy`);
  return health === 'healthy' ? 'met' : 'waiting';
}
