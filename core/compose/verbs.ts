// start, stop, kill, rm, pause, unpause, restart over the project's service containers (compose
// start.go, stop.go, kill.go, remove.go, pause.go, restart.go). Starting goes in dependency order,
// stopping in reverse, each service's replicas in parallel; restart is reconcileRestart's plan.
import type { ContainerSummary } from '../../runtime/api/types';
import { CoreError } from '../errors';
import { LABEL } from '../observe/labels';
import { dependencyOrder, fromProject, reconcileRestart } from '../reconcile';
import type { Project } from '../spec';
import { observeEngine } from './observe-engine';
import { projectContainers } from './project-containers';
import { runPlan, type ComposeSession } from './session';

function checkKnown(project: Project, services: string[]): void {
  for (const s of services) if (project.services[s] === undefined) throw new CoreError('NOT_FOUND', `no such service: ${s}`);
}

const nameOf = (c: ContainerSummary): string => (c.Names?.[0] ?? c.Id).replace(/^\//, '');

/** Runs `fn` on each service's containers, one service at a time in `order`, replicas in parallel. */
async function byService(list: ContainerSummary[], order: string[], fn: (c: ContainerSummary) => Promise<void>): Promise<void> {
  for (const svc of order) {
    const mine = list.filter((c) => c.Labels?.[LABEL.service] === svc);
    const results = await Promise.allSettled(mine.map(fn));
    const failed = results.map((r, i) => [r, mine[i]!] as const).filter(([r]) => r.status === 'rejected');
    if (failed.length > 0) {
      const [r, c] = failed[0]!;
      throw new CoreError('FAILED_PRECONDITION', `${nameOf(c)}: ${((r as PromiseRejectedResult).reason as Error).message}`, { cause: (r as PromiseRejectedResult).reason });
    }
  }
}

function order(project: Project, services: string[]): string[] {
  const desired = fromProject(project);
  return dependencyOrder(desired.services, services.length > 0 ? services : Object.keys(project.services));
}

export async function startServices(s: ComposeSession, project: Project, services: string[]): Promise<void> {
  checkKnown(project, services);
  const list = await projectContainers(s, project.name, services);
  if (list.length === 0) throw new CoreError('NOT_FOUND', 'service has no container to start; run `up` first');
  await byService(list, order(project, services), async (c) => {
    if (c.State === 'running') return;
    await s.engine.startContainer(c.Id);
  });
}

export async function stopServices(s: ComposeSession, project: Project, services: string[], timeout?: number): Promise<void> {
  checkKnown(project, services);
  const list = await projectContainers(s, project.name, services);
  await byService(list, [...order(project, services)].reverse(), async (c) => {
    if (c.State !== 'running' && c.State !== 'paused' && c.State !== 'restarting') return;
    await s.engine.stopContainer(c.Id, timeout ?? stopTimeout(project, c));
  });
}

function stopTimeout(project: Project, c: ContainerSummary): number | undefined {
  const d = fromProject(project).services[c.Labels?.[LABEL.service] ?? '']?.stopTimeout;
  return d === undefined ? undefined : Math.round(d);
}

export async function restartServices(s: ComposeSession, project: Project, services: string[], timeout?: number): Promise<void> {
  checkKnown(project, services);
  const desired = fromProject(project);
  const observed = await observeEngine(s.client, project.name);
  await runPlan(s, project, desired, reconcileRestart(desired, observed, { services, timeout }), observed.images);
}

export async function killServices(s: ComposeSession, project: string, services: string[], signal?: string): Promise<number> {
  const running = (await projectContainers(s, project, services)).filter((c) => c.State === 'running');
  await Promise.all(running.map((c) => s.client.getContainer(c.Id).kill(signal)));
  return running.length;
}

export async function pauseServices(s: ComposeSession, project: string, services: string[], pause: boolean): Promise<void> {
  const list = (await projectContainers(s, project, services)).filter((c) => c.State === (pause ? 'running' : 'paused'));
  await Promise.all(list.map((c) => (pause ? s.client.getContainer(c.Id).pause() : s.client.getContainer(c.Id).unpause())));
}

/** `rm`: stopped containers (`-s` stops first); returns the names removed. */
export async function removeStopped(s: ComposeSession, project: string, services: string[], opts: { stop: boolean; volumes: boolean }): Promise<string[]> {
  let list = await projectContainers(s, project, services);
  if (opts.stop) await Promise.all(list.filter((c) => c.State === 'running').map((c) => s.engine.stopContainer(c.Id)));
  if (opts.stop) list = await projectContainers(s, project, services);
  const gone = list.filter((c) => c.State !== 'running' && c.State !== 'paused' && c.State !== 'restarting');
  await Promise.all(gone.map((c) => s.engine.removeContainer(c.Id, { volumes: opts.volumes, force: true })));
  return gone.map(nameOf);
}
