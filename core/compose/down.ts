// `down` (compose down.go): the reverse plan from reconcileDown, executed. Without a compose file
// the project is rebuilt from the engine's labels (`down -p name`).
import type { ExecuteResult } from '../execute';
import type { Plan } from '../plan/operation';
import { downOptions, fromProject, projectFromObserved, reconcileDown, type DownOptions } from '../reconcile';
import type { Project } from '../spec';
import { observeEngine } from './observe-engine';
import { runPlan, type ComposeSession } from './session';

export interface DownRequest extends Partial<DownOptions> {
  dryRun?: boolean;
}

/** `project` undefined: only `projectName` is known (no compose file). */
export async function down(s: ComposeSession, target: { project?: Project; projectName: string }, req: DownRequest): Promise<{ plan: Plan; result?: ExecuteResult }> {
  const project = target.project;
  const name = (project?.name ?? target.projectName).toLowerCase();
  const preliminary = project === undefined ? undefined : fromProject(project);
  const wanted = preliminary && { networks: Object.values(preliminary.networks).map((n) => n.name), volumes: Object.values(preliminary.volumes).map((v) => v.name) };
  const observed = await observeEngine(s.client, name, wanted);
  const desired = preliminary ?? projectFromObserved(observed);
  const plan = reconcileDown(desired, observed, downOptions({ services: req.services, volumes: req.volumes, removeOrphans: req.removeOrphans, rmi: req.rmi, timeout: req.timeout }));
  if (req.dryRun) return { plan };
  return { plan, result: await runPlan(s, project, desired, plan) };
}
