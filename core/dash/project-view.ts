// What the compose file says a dashboard row should be (services, replicas wanted, profiles) and
// which services `up` would recreate and why: the plan `berth plan` prints, computed the same way
// (planUp) and reduced to one cause per service.
import type { ComposeSession } from '../compose/session';
import { planUp } from '../compose/up';
import { describeCause } from '../plan/cause';
import { fromProject } from '../reconcile';
import type { Project } from '../spec';
import { specsFromContainers, type ContainerFacts, type ServiceSpec } from './service-rows';

/** Services of the file (disabled ones included, flagged), or, without a file, those seen running. */
export function serviceSpecs(project: Project | undefined, facts: ContainerFacts[]): ServiceSpec[] {
  if (project === undefined) return specsFromContainers(facts);
  const desired = fromProject(project);
  const enabled = new Set(Object.keys(project.services));
  return Object.values(desired.services)
    .map((svc) => ({ name: svc.name, image: svc.image, replicas: svc.replicas, disabled: !enabled.has(svc.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** service → why `up` would recreate it (first recreate of the service in the plan). */
export async function recreateCauses(s: ComposeSession, project: Project | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (project === undefined) return out;
  const { plan } = await planUp(s, project, {});
  for (const op of plan.operations) {
    if (op.kind === 'RecreateContainer' && !out.has(op.service)) out.set(op.service, describeCause(op.cause));
  }
  return out;
}
