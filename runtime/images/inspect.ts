// Image records + configs → the Docker Engine API shapes (ImageSummary, ImageInspect,
// ImageHistoryItem) with Docker's conventions: familiar names, null for absent lists,
// history newest first with "<missing>" ids below the top.
import type { ContainerConfig, ImageHistoryItem, ImageInspect, ImageSummary } from '../api/types';
import type { ImageConfig } from './image-config';
import type { ImageRecord } from './record';
import { familiarName } from './reference';

function containerConfig(cfg: ImageConfig): ContainerConfig {
  const c = cfg.config ?? {};
  return {
    Hostname: '', Domainname: '', User: c.User ?? '',
    AttachStdin: false, AttachStdout: false, AttachStderr: false,
    ExposedPorts: (c.ExposedPorts as ContainerConfig['ExposedPorts']) ?? null,
    Tty: false, OpenStdin: false, StdinOnce: false,
    Env: c.Env ?? null, Cmd: c.Cmd ?? null,
    ...(c.Healthcheck ? { Healthcheck: c.Healthcheck } : {}),
    ...(c.ArgsEscaped !== undefined ? { ArgsEscaped: c.ArgsEscaped } : {}),
    Image: '', Volumes: (c.Volumes as ContainerConfig['Volumes']) ?? null, WorkingDir: c.WorkingDir ?? '',
    Entrypoint: c.Entrypoint ?? null, OnBuild: c.OnBuild ?? null, Labels: c.Labels ?? null,
    ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
    ...(c.Shell ? { Shell: c.Shell } : {}),
  };
}

const unix = (iso: string | undefined): number => (iso ? Math.floor(Date.parse(iso) / 1000) || 0 : 0);

export function toSummary(r: ImageRecord, cfg: ImageConfig): ImageSummary {
  return {
    Id: r.id, ParentId: '', RepoTags: r.repoTags.map(familiarName), RepoDigests: r.repoDigests.map(familiarName),
    Created: unix(cfg.created), Size: r.size, SharedSize: -1, Labels: cfg.config?.Labels ?? {}, Containers: -1,
  };
}

export function toInspect(r: ImageRecord, cfg: ImageConfig, driver: string): ImageInspect {
  const last = cfg.history?.[cfg.history.length - 1];
  return {
    Id: r.id, RepoTags: r.repoTags.map(familiarName), RepoDigests: r.repoDigests.map(familiarName),
    Parent: '', Comment: last?.comment ?? '', Created: cfg.created ?? '', DockerVersion: cfg.docker_version ?? '',
    Author: cfg.author ?? '', Config: containerConfig(cfg), Architecture: cfg.architecture,
    ...(cfg.variant ? { Variant: cfg.variant } : {}), Os: cfg.os, Size: r.size,
    GraphDriver: { Name: driver, Data: null },
    RootFS: { Type: cfg.rootfs.type || 'layers', Layers: cfg.rootfs.diff_ids },
    Metadata: { LastTagTime: r.lastTagTime ?? '0001-01-01T00:00:00Z' },
  };
}

/** As Docker's ImageService.ImageHistory: one row per history entry, layer sizes on non-empty ones. */
export function toHistory(r: ImageRecord, cfg: ImageConfig, layerSizes: number[]): ImageHistoryItem[] {
  const history = cfg.history?.length ? cfg.history : r.layers.map(() => ({ created: cfg.created }));
  let layer = 0;
  const rows: ImageHistoryItem[] = history.map((h) => {
    const empty = 'empty_layer' in h && h.empty_layer === true;
    const size = empty ? 0 : (layerSizes[layer++] ?? 0);
    return {
      Id: '<missing>', Created: unix(h.created), CreatedBy: ('created_by' in h ? h.created_by : '') ?? '',
      Tags: null, Size: size, Comment: ('comment' in h ? h.comment : '') ?? '',
    };
  });
  rows.reverse();
  if (rows[0]) {
    rows[0].Id = r.id;
    rows[0].Tags = r.repoTags.length ? r.repoTags.map(familiarName) : null;
  }
  return rows;
}
