// The detail of one service: its containers (state, restarts, networks with addresses), its
// effective configuration as `berth config` prints it, environment, mounts and health log, read
// from the engine's inspect of each replica.
import type { ContainerInspect } from '../../runtime/api/types';
import { toYaml, type Project } from '../spec';
import type { ComposeSession } from '../compose/session';
import { projectContainers } from '../compose/project-containers';
import type { ServiceDetail } from './types';

function configOf(project: Project | undefined, service: string): string {
  const svc = project?.services[service] ?? project?.meta.disabledServices?.[service];
  if (svc === undefined) return '(no compose file for this project here)\n';
  return toYaml({ services: { [service]: svc } });
}

function mountLine(m: ContainerInspect['Mounts'][number]): string {
  const src = m.Type === 'volume' ? m.Name ?? m.Source : m.Source;
  return `${m.Type} ${src || '(anonymous)'} -> ${m.Destination}${m.RW ? '' : ' (ro)'}`;
}

export async function serviceDetail(s: ComposeSession, project: Project | undefined, projectName: string, service: string): Promise<ServiceDetail> {
  const list = await projectContainers(s, projectName, [service]);
  const inspects = await Promise.all(list.map((c) => s.client.getContainer(c.Id).inspect().catch(() => undefined)));
  const found = inspects.filter((i): i is ContainerInspect => i !== undefined);
  const first = found[0];
  return {
    service,
    containers: found.map((i) => ({
      name: i.Name.replace(/^\//, ''), id: i.Id.slice(0, 12),
      state: i.State.Status === 'exited' ? `exited (${i.State.ExitCode})` : i.State.Status, restarts: i.RestartCount,
      networks: Object.entries(i.NetworkSettings.Networks ?? {}).map(([name, n]) => ({ name, ip: n.IPAddress ?? '' })),
    })),
    config: configOf(project, service),
    environment: first?.Config.Env ?? [],
    mounts: (first?.Mounts ?? []).map(mountLine),
    health: (first?.State.Health?.Log ?? []).map((h) => ({ end: h.End, exitCode: h.ExitCode, output: h.Output.trim() })),
  };
}
