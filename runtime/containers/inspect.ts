// Docker's JSON views of a record: ContainerInspect (GET /containers/{id}/json) and
// ContainerSummary (GET /containers/json), with Docker's human "Status" text.
import { join } from 'node:path';
import type { ContainerInspect, ContainerSummary, MountPoint } from '../api/types';
import type { ContainerRecord } from './record';
import { withHostConfigDefaults } from './host-config-defaults';

// As dockerd: a volume (named or anonymous) is `Type: volume` with its Name and Driver, its
// Mode "z" and no Propagation; a bind keeps its propagation; tmpfs has no Source.
function mountPoints(rec: ContainerRecord): MountPoint[] {
  return rec.mounts.map((m) => {
    const ro = (m.options ?? []).includes('ro');
    const volume = rec.volumeAt?.[m.destination];
    if (volume !== undefined) {
      return { Type: 'volume', Name: volume, Source: m.source ?? '', Destination: m.destination, Driver: 'local', Mode: ro ? 'ro' : 'z', RW: !ro, Propagation: '' };
    }
    return {
      Type: m.type === 'tmpfs' ? 'tmpfs' : 'bind',
      Source: m.type === 'tmpfs' ? '' : m.source ?? '',
      Destination: m.destination,
      Mode: ro ? 'ro' : '',
      RW: !ro,
      Propagation: (m.options ?? []).find((o) => /^r?(private|shared|slave)$/.test(o)) ?? '',
    };
  });
}

export function toInspect(rec: ContainerRecord, execIds: string[]): ContainerInspect {
  const s = rec.state;
  return {
    Id: rec.id,
    Created: rec.created,
    Path: rec.path,
    Args: rec.args,
    State: {
      Status: s.status, Running: s.status === 'running' || s.status === 'paused', Paused: s.status === 'paused',
      Restarting: s.status === 'restarting', OOMKilled: s.oomKilled, Dead: s.status === 'dead', Pid: s.pid,
      ExitCode: s.exitCode, Error: s.error, StartedAt: s.startedAt, FinishedAt: s.finishedAt,
      ...(s.health ? { Health: s.health } : {}),
    },
    Image: rec.imageId,
    ResolvConfPath: join(rec.dir, 'resolv.conf'),
    HostnamePath: join(rec.dir, 'hostname'),
    HostsPath: join(rec.dir, 'hosts'),
    LogPath: join(rec.dir, 'ctr.log'),
    Name: `/${rec.name}`,
    RestartCount: rec.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: execIds.length ? execIds : null,
    HostConfig: withHostConfigDefaults(rec.hostConfig),
    GraphDriver: { Name: 'overlay2', Data: { MergedDir: rec.rootfs } },
    Mounts: mountPoints(rec),
    Config: { ...rec.config, Image: rec.image },
    NetworkSettings: rec.networkSettings ?? { Networks: {}, SandboxKey: rec.netnsPath ?? '', Ports: {} },
  };
}

/** Docker's go-units HumanDuration: seconds and minutes truncate, hours round. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.floor(ms / 3_600_000 + 0.5);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

export function statusText(rec: ContainerRecord, now: Date): string {
  const s = rec.state;
  const since = (iso: string): number => now.getTime() - Date.parse(iso);
  switch (s.status) {
    case 'running': return `Up ${humanDuration(since(s.startedAt))}${s.health ? ` (${s.health.Status === 'starting' ? 'health: starting' : s.health.Status})` : ''}`;
    case 'paused': return `Up ${humanDuration(since(s.startedAt))} (Paused)`;
    case 'restarting': return `Restarting (${s.exitCode}) ${humanDuration(since(s.finishedAt))} ago`;
    case 'exited': return s.startedAt.startsWith('0001') ? 'Created' : `Exited (${s.exitCode}) ${humanDuration(since(s.finishedAt))} ago`;
    case 'dead': return 'Dead';
    case 'removing': return 'Removal In Progress';
    default: return 'Created';
  }
}

export function toSummary(rec: ContainerRecord, now: Date): ContainerSummary {
  const cmd = [rec.path, ...rec.args].map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');
  return {
    Id: rec.id,
    Names: [`/${rec.name}`],
    Image: rec.image,
    ImageID: rec.imageId,
    Command: cmd,
    Created: Math.floor(Date.parse(rec.created) / 1000),
    Ports: [],
    Labels: rec.config.Labels ?? {},
    State: rec.state.status,
    Status: statusText(rec, now),
    HostConfig: { NetworkMode: rec.hostConfig.NetworkMode ?? 'default' },
    NetworkSettings: { Networks: rec.networkSettings?.Networks ?? {} },
    Mounts: mountPoints(rec),
  };
}
