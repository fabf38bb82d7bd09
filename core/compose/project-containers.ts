// The containers of a project as `ps` lists them: one engine listing by the project's label,
// one-off (`run`) containers left out. In a file of its own, free of the reconciler and the
// compose loader, so that what only lists (the dashboard's first frame, listings.ts) loads no more.
import type { ContainerSummary } from '../../runtime/api/types';
import { LABEL, projectFilter } from '../observe/labels';
import type { ComposeSession } from './session';

/** A container `ps` shows for `project`: one of its services', not a one-off (`run`) container. */
export const inProject = (c: ContainerSummary, project: string): boolean => c.Labels?.[LABEL.project] === project && c.Labels?.[LABEL.oneOff] !== 'True';

export async function projectContainers(s: Pick<ComposeSession, 'client'>, project: string, services: string[]): Promise<ContainerSummary[]> {
  const list = await s.client.listContainers({ all: true, filters: projectFilter(project) });
  return list
    .filter((c) => inProject(c, project))
    .filter((c) => services.length === 0 || services.includes(c.Labels?.[LABEL.service] ?? ''))
    .sort((a, b) => (a.Names?.[0] ?? '').localeCompare(b.Names?.[0] ?? ''));
}
