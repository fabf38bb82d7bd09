// The built image's config bytes, laid out as dockerd marshals them (image.V1Image and
// container.Config field order, empty lists as null), so `image inspect` reads as Docker's.
import type { ImageConfigJson, StageState } from './types';

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function containerConfig(c: ImageConfigJson['config'], image: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Hostname: '', Domainname: '', User: c.User ?? '',
    AttachStdin: false, AttachStdout: false, AttachStderr: false,
  };
  if (c.ExposedPorts && Object.keys(c.ExposedPorts).length) out.ExposedPorts = c.ExposedPorts;
  Object.assign(out, { Tty: false, OpenStdin: false, StdinOnce: false, Env: orNull(c.Env), Cmd: orNull(c.Cmd) });
  if (c.Healthcheck) out.Healthcheck = c.Healthcheck;
  if (c.ArgsEscaped) out.ArgsEscaped = c.ArgsEscaped;
  Object.assign(out, {
    Image: image, Volumes: orNull(c.Volumes), WorkingDir: c.WorkingDir ?? '', Entrypoint: orNull(c.Entrypoint),
    OnBuild: c.OnBuild?.length ? c.OnBuild : null, Labels: c.Labels && Object.keys(c.Labels).length ? c.Labels : null,
  });
  if (c.StopSignal) out.StopSignal = c.StopSignal;
  if (c.Shell) out.Shell = c.Shell;
  return out;
}

export function finalConfigBytes(state: StageState, labels: Record<string, string>): Buffer {
  const cfg = state.config;
  const c = { ...cfg.config };
  if (Object.keys(labels).length) c.Labels = { ...c.Labels, ...labels };
  const doc = {
    architecture: cfg.architecture,
    config: containerConfig(c, state.baseId),
    created: cfg.created ?? new Date(0).toISOString(),
    history: cfg.history,
    os: cfg.os,
    rootfs: { type: 'layers', diff_ids: cfg.rootfs.diff_ids },
    ...(cfg.variant ? { variant: cfg.variant } : {}),
  };
  return Buffer.from(JSON.stringify(doc));
}
