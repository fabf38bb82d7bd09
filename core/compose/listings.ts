// Read-only views of a project (compose top.go, port.go, images.go, ls.go, events.go): each one
// engine listing plus per-container calls, shaped as compose prints them.
import type { ContainerTopResponse, EventMessage } from '../../runtime/api/types';
import { CoreError } from '../errors';
import { LABEL } from '../observe/labels';
import type { ComposeSession } from './session';
import { projectContainers } from './project-containers';

const nameOf = (c: { Names?: string[]; Id: string }): string => (c.Names?.[0] ?? c.Id).replace(/^\//, '');

export async function topOf(s: ComposeSession, project: string, services: string[]): Promise<Array<{ name: string; top: ContainerTopResponse }>> {
  const running = (await projectContainers(s, project, services)).filter((c) => c.State === 'running');
  return Promise.all(running.map(async (c) => ({ name: nameOf(c), top: await s.client.getContainer(c.Id).top() })));
}

/** `port SERVICE PRIVATE_PORT`: the public address bound to it on replica `index`. */
export async function portOf(s: ComposeSession, project: string, service: string, port: string, protocol: string, index: number): Promise<string> {
  const list = await projectContainers(s, project, [service]);
  const c = list.find((x) => x.Labels?.[LABEL.containerNumber] === String(index));
  if (c === undefined) throw new CoreError('NOT_FOUND', `service "${service}" has no container number ${index}`);
  const info = await s.client.getContainer(c.Id).inspect();
  const binding = info.NetworkSettings.Ports?.[`${port}/${protocol}`]?.[0];
  if (binding === undefined) throw new CoreError('NOT_FOUND', `no port ${port}/${protocol} for container ${nameOf(c)}`);
  return `${binding.HostIp || '0.0.0.0'}:${binding.HostPort ?? ''}`;
}

export interface ImageRow { container: string; repository: string; tag: string; id: string; size: number }

export async function imagesOf(s: ComposeSession, project: string, services: string[]): Promise<ImageRow[]> {
  const list = await projectContainers(s, project, services);
  return Promise.all(list.map(async (c) => {
    const img = await s.client.getImage(c.ImageID ?? c.Image).inspect().catch(() => undefined);
    const ref = c.Image.includes('@') ? c.Image.split('@')[0]! : c.Image;
    const colon = ref.lastIndexOf(':');
    const tagged = colon > ref.lastIndexOf('/');
    return { container: nameOf(c), repository: tagged ? ref.slice(0, colon) : ref, tag: tagged ? ref.slice(colon + 1) : 'latest', id: img?.Id ?? c.ImageID ?? '', size: img?.Size ?? 0 };
  }));
}

export interface ProjectRow { Name: string; Status: string; ConfigFiles: string }

/** Every compose project the engine holds, from container labels (compose ls). */
export async function listProjects(s: Pick<ComposeSession, 'client'>, all: boolean): Promise<ProjectRow[]> {
  const list = await s.client.listContainers({ all: true, filters: { label: [LABEL.project] } });
  const byProject = new Map<string, { states: Map<string, number>; files: string }>();
  for (const c of list) {
    const name = c.Labels?.[LABEL.project] ?? '';
    const p = byProject.get(name) ?? { states: new Map(), files: c.Labels?.[LABEL.configFiles] ?? '' };
    p.states.set(c.State, (p.states.get(c.State) ?? 0) + 1);
    byProject.set(name, p);
  }
  return [...byProject].filter(([, p]) => all || p.states.has('running')).sort(([a], [b]) => a.localeCompare(b))
    .map(([Name, p]) => ({ Name, Status: [...p.states].sort(([a], [b]) => a.localeCompare(b)).map(([st, n]) => `${st}(${n})`).join(', '), ConfigFiles: p.files }));
}

export interface ComposeEvent { time: string; type: string; action: string; id: string; service: string; attributes: Record<string, string> }

/** Container events of the project until `signal` aborts (compose events). */
export async function projectEvents(s: ComposeSession, project: string, services: string[], onEvent: (e: ComposeEvent) => void, signal?: AbortSignal): Promise<void> {
  await s.client.events({ filters: { label: [`${LABEL.project}=${project}`], type: ['container'] }, signal }, (m: EventMessage) => {
    const attrs = m.Actor.Attributes;
    const service = attrs[LABEL.service] ?? '';
    if (services.length > 0 && !services.includes(service)) return;
    const attributes = Object.fromEntries(Object.entries(attrs).filter(([k]) => !k.startsWith('com.docker.compose.')));
    onEvent({ time: new Date(m.timeNano / 1e6).toISOString(), type: 'container', action: m.Action, id: m.Actor.ID, service, attributes });
  });
}
