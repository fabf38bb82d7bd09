// `ps` (compose ps.go): the project's service containers (not one-offs), sorted by name, with the
// fields compose's JSON output has.
import type { ContainerSummary } from '../../runtime/api/types';
import { LABEL, projectFilter } from '../observe/labels';
import type { ComposeSession } from './session';

export interface PsRow {
  ID: string;
  Name: string;
  Image: string;
  Command: string;
  Project: string;
  Service: string;
  Created: number;
  State: string;
  Status: string;
  Health: string;
  ExitCode: number;
  Publishers: Array<{ URL: string; TargetPort: number; PublishedPort: number; Protocol: string }>;
}

export async function listProjectContainers(s: ComposeSession, project: string, opts: { all: boolean; status: string[]; services: string[] }): Promise<PsRow[]> {
  const list = await s.client.listContainers({ all: true, filters: projectFilter(project) });
  return list
    .filter((c) => c.Labels?.[LABEL.oneOff] !== 'True')
    .filter((c) => opts.all || c.State === 'running')
    .filter((c) => opts.status.length === 0 || opts.status.includes(c.State))
    .filter((c) => opts.services.length === 0 || opts.services.includes(c.Labels?.[LABEL.service] ?? ''))
    .map(toRow)
    .sort((a, b) => a.Name.localeCompare(b.Name));
}

function toRow(c: ContainerSummary): PsRow {
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status ?? '')?.[1]?.replace('health: ', '') ?? '';
  const exit = /^Exited \((\d+)\)/.exec(c.Status ?? '');
  return {
    ID: c.Id, Name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''), Image: c.Image, Command: c.Command ?? '',
    Project: c.Labels?.[LABEL.project] ?? '', Service: c.Labels?.[LABEL.service] ?? '', Created: c.Created,
    State: c.State, Status: c.Status ?? '', Health: health, ExitCode: exit ? Number(exit[1]) : 0,
    Publishers: (c.Ports ?? []).map((p) => ({ URL: p.IP ?? '', TargetPort: p.PrivatePort, PublishedPort: p.PublicPort ?? 0, Protocol: p.Type })),
  };
}
