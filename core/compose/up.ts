// `up` (compose up.go / create.go / start.go): observe, reconcile to a Plan, execute it; `--wait`
// then waits for every started container to be running (healthy when it has a healthcheck).
import type { ContainerInspect } from '../../runtime/api/types';
import { CoreError } from '../errors';
import type { ExecuteResult } from '../execute';
import { LABEL } from '../observe/labels';
import type { Operation, Plan } from '../plan/operation';
import type { ObservedState } from '../observe';
import { fromProject, reconcile, upOptions, upTargets, type UpFlags } from '../reconcile';
import type { Project } from '../spec';
import { observeEngine } from './observe-engine';
import { runPlan, type ComposeSession } from './session';

export interface UpRequest extends UpFlags {
  /** Plan only: nothing is changed (`up --dry-run`, `berth plan`). */
  dryRun?: boolean;
  /** `--wait`, with `--wait-timeout` seconds (undefined = no limit). */
  wait?: boolean;
  waitTimeout?: number;
}

export interface UpResult {
  plan: Plan;
  result?: ExecuteResult;
}

export async function planUp(s: ComposeSession, project: Project, req: UpRequest): Promise<{ plan: Plan; observed: ObservedState }> {
  const desired = fromProject(project);
  const observed = await observeEngine(s.client, project.name, wantedNames(desired));
  return { plan: reconcile(desired, observed, upOptions(req)), observed };
}

export async function up(s: ComposeSession, project: Project, req: UpRequest): Promise<UpResult> {
  const desired = fromProject(project);
  const { plan, observed } = await planUp(s, project, req);
  if (req.dryRun) return { plan };
  const result = await runPlan(s, project, desired, plan, observed.images);
  if (!req.noStart) reportRunning(s, plan, observed, startTargets(desired, req));
  if (req.wait && !req.noStart) await waitRunning(s, project, req.services ?? [], req.waitTimeout);
  return { plan, result };
}

/** The services up starts, as reconcile picks them (run: the one-off service's dependencies). */
function startTargets(desired: ReturnType<typeof fromProject>, req: UpRequest): Set<string> {
  const targets = upTargets(desired, req.oneOff !== undefined ? [req.oneOff] : req.services ?? [], req.noDeps ?? false);
  if (req.oneOff !== undefined) targets.delete(req.oneOff);
  return targets;
}

/**
 * compose's start phase reports a container of a target service that was already running and
 * that this up did not touch: "Container demo-db-1 Running" (start.go, progress.RunningEvent).
 */
function reportRunning(s: ComposeSession, plan: Plan, observed: ObservedState, targets: Set<string>): void {
  if (s.onProgress === undefined) return;
  const touched = new Set(plan.operations.flatMap((op) => ('container' in op && 'containerId' in op.container ? [op.container.containerId] : [])));
  const running = observed.containers.filter((c) => !c.oneOff && c.state === 'running' && targets.has(c.service) && !touched.has(c.id));
  for (const c of running.sort((a, b) => a.name.localeCompare(b.name))) {
    const op: Operation = { kind: 'StartContainer', id: `running ${c.name}`, service: c.service, name: c.name, number: c.number, container: { containerId: c.id }, cause: { kind: 'stopped', state: 'running' }, after: [] };
    s.onProgress({ op, status: 'done', text: 'Running' });
  }
}

function wantedNames(desired: ReturnType<typeof fromProject>): { networks: string[]; volumes: string[] } {
  return { networks: Object.values(desired.networks).map((n) => n.name), volumes: Object.values(desired.volumes).map((v) => v.name) };
}

/**
 * compose up --wait: every container of the selected services running, and healthy when it has a
 * healthcheck; one that exited 0 counts when a dependant waits for service_completed_successfully.
 * Each container is reported as compose's waitDependencies does: "Waiting", then "Healthy" (or
 * "Exited" for such a one-shot).
 */
async function waitRunning(s: ComposeSession, project: Project, services: string[], timeoutSec?: number): Promise<void> {
  const deadline = timeoutSec === undefined ? Infinity : s.now() + timeoutSec * 1000;
  const names = services.length > 0 ? services : Object.keys(project.services);
  const oneShot = new Set(Object.values(project.services).flatMap((svc) => Object.entries(svc.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([n]) => n)));
  const told = new Map<string, 'Waiting' | 'Healthy' | 'Exited'>();
  for (;;) {
    const list = await s.engine.listContainers([`${LABEL.project}=${project.name}`, `${LABEL.oneOff}=False`]);
    const mine = list.filter((c) => names.includes(c.Labels?.[LABEL.service] ?? ''));
    const states = await Promise.all(mine.map((c) => s.engine.inspectContainer(c.Id)));
    let ready = true;
    for (const c of states.sort((a, b) => a.Name.localeCompare(b.Name))) {
      const verdict = waitVerdict(c, oneShot.has(c.Config?.Labels?.[LABEL.service] ?? ''));
      if (verdict === 'Waiting') ready = false;
      if (!told.has(c.Id)) tell(s, c, 'Waiting');
      if (verdict !== 'Waiting' && told.get(c.Id) !== verdict) tell(s, c, verdict);
      told.set(c.Id, verdict === 'Waiting' ? told.get(c.Id) ?? 'Waiting' : verdict);
    }
    if (ready) return;
    if (s.now() > deadline) throw new CoreError('UNAVAILABLE', `timeout waiting for the project to be running after ${timeoutSec}s`);
    await s.sleep(100, s.signal);
  }
}

export function waitVerdict(c: ContainerInspect, oneShot: boolean): 'Waiting' | 'Healthy' | 'Exited' {
  const name = c.Name.replace(/^\//, '');
  if (c.State.Status === 'exited' && c.State.ExitCode === 0 && oneShot) return 'Exited';
  if (c.State.Status === 'exited' || c.State.Status === 'dead') throw new CoreError('FAILED_PRECONDITION', `container ${name} exited (${c.State.ExitCode})`);
  if (c.State.Health?.Status === 'unhealthy') throw new CoreError('FAILED_PRECONDITION', `container ${name} is unhealthy`);
  if (c.State.Status !== 'running' || (c.State.Health !== undefined && c.State.Health.Status === 'starting')) return 'Waiting';
  return 'Healthy';
}

/** A progress line about a container outside any plan operation (compose's container events). */
function tell(s: ComposeSession, c: ContainerInspect, text: 'Waiting' | 'Healthy' | 'Exited'): void {
  const name = c.Name.replace(/^\//, '');
  const op: Operation = { kind: 'StartContainer', id: `wait ${name}`, service: c.Config?.Labels?.[LABEL.service] ?? '', name, number: 0, container: { containerId: c.Id }, cause: { kind: 'stopped', state: c.State.Status }, after: [] };
  s.onProgress?.({ op, status: text === 'Waiting' ? 'working' : 'done', text });
}
