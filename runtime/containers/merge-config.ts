// The effective container config: the create request over the image's defaults, as moby's
// daemon.mergeAndVerifyConfig does.
import type { ContainerConfig } from '../api/types';
import { EngineError } from '../errors';
import type { ImageDefaults } from './providers';

/**
 * Image env first, then the request's, a later KEY replacing an earlier one. A bare `KEY` (no
 * `=`) in the request unsets KEY, as dockerd's ReplaceOrAppendEnvValues does: compose sends one
 * for `environment: [KEY]` when KEY has no value, and the container must not see the image's.
 */
export function mergeEnv(image: readonly string[] = [], request: readonly string[] = []): string[] {
  const out = new Map<string, string>();
  for (const kv of image) out.set(kv.split('=', 1)[0], kv);
  for (const kv of request) {
    if (kv.includes('=')) out.set(kv.split('=', 1)[0], kv);
    else out.delete(kv);
  }
  return [...out.values()];
}

export function mergeConfig(req: ContainerConfig, image: ImageDefaults): ContainerConfig {
  // `Entrypoint: [""]` (docker run --entrypoint "", compose `entrypoint: ""`) is set, and empty:
  // it clears the image's entrypoint and, as any entrypoint the request sets, the image's Cmd.
  const cleared = req.Entrypoint?.length === 1 && req.Entrypoint[0] === '';
  const entrypoint = cleared ? null : req.Entrypoint && req.Entrypoint.length ? req.Entrypoint : req.Entrypoint === null || req.Entrypoint === undefined ? image.Entrypoint ?? null : null;
  // A request that sets an entrypoint drops the image's Cmd (as Docker does).
  const cmd = req.Cmd && req.Cmd.length ? req.Cmd : req.Entrypoint && req.Entrypoint.length ? null : image.Cmd ?? null;
  return {
    ...req,
    Env: mergeEnv(image.Env ?? [], req.Env ?? []),
    Cmd: cmd,
    Entrypoint: entrypoint,
    WorkingDir: req.WorkingDir || image.WorkingDir || '',
    User: req.User || image.User || '',
    StopSignal: req.StopSignal || image.StopSignal || undefined,
    Labels: { ...(image.Labels ?? {}), ...(req.Labels ?? {}) },
    Volumes: { ...(image.Volumes ?? {}), ...(req.Volumes ?? {}) } as ContainerConfig['Volumes'],
    ExposedPorts: { ...(image.ExposedPorts ?? {}), ...(req.ExposedPorts ?? {}) } as ContainerConfig['ExposedPorts'],
    Healthcheck: req.Healthcheck ?? image.Healthcheck,
  };
}

/** Path and Args, as inspect shows them: the first word of entrypoint+cmd and the rest. */
export function commandOf(cfg: ContainerConfig): { path: string; args: string[] } {
  const argv = [...(cfg.Entrypoint ?? []), ...(cfg.Cmd ?? [])];
  if (argv.length === 0) throw new EngineError('INVALID_ARGUMENT', 'No command specified');
  return { path: argv[0], args: argv.slice(1) };
}
