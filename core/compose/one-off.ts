// `exec` and `run` (compose exec.go, run.go): a process in a service's container, or a one-off
// container of the service (`<project>-<service>-run-<slug>`, oneoff label True) with run's
// overrides: command, entrypoint, env, user, workdir, volumes, ports (only with --service-ports
// or -p, as compose drops the service's ports on run).
import { randomBytes } from 'node:crypto';
import type { ContainerCreateRequest, MountSpec } from '../../runtime/api/types';
import { CoreError } from '../errors';
import { LABEL } from '../observe/labels';
import { oneOffContainerName } from '../reconcile';
import { serviceConfigHash, type Project } from '../spec';
import { containerConfig } from './container-config';
import type { ComposeSession } from './session';
import { projectContainers } from './project-containers';

export async function serviceContainerId(s: ComposeSession, project: string, service: string, index: number): Promise<string> {
  const list = (await projectContainers(s, project, [service])).filter((c) => c.State === 'running');
  const c = list.find((x) => x.Labels?.[LABEL.containerNumber] === String(index));
  if (c === undefined) throw new CoreError('FAILED_PRECONDITION', `service "${service}" is not running container #${index}`);
  return c.Id;
}

export interface RunOverrides {
  command: string[];
  entrypoint?: string;
  env: string[];
  user?: string;
  workdir?: string;
  /** `-v SRC:DST[:ro]` */
  volumes: string[];
  /** `-p [IP:]HOST:CONTAINER` */
  publish: string[];
  servicePorts: boolean;
  tty: boolean;
  interactive: boolean;
  autoRemove: boolean;
  name?: string;
  /** Random part of the name; given by tests, else 12 hex characters. */
  slug?: string;
}

export function oneOffConfig(project: Project, service: string, o: RunOverrides): { name: string; body: ContainerCreateRequest } {
  if (project.services[service] === undefined) throw new CoreError('NOT_FOUND', `no such service: ${service}`);
  const slug = o.slug ?? randomBytes(6).toString('hex');
  const body = containerConfig({ project, service, number: 1, configHash: serviceConfigHash(project, service), oneOff: true, slug });
  const host = body.HostConfig ?? {};
  if (o.command.length > 0) body.Cmd = o.command;
  if (o.entrypoint !== undefined) body.Entrypoint = o.entrypoint === '' ? [] : [o.entrypoint];
  body.Env = [...(body.Env ?? []), ...resolveRunEnv(o.env, project.meta.environment)];
  if (o.user !== undefined) body.User = o.user;
  if (o.workdir !== undefined) body.WorkingDir = o.workdir;
  body.Tty = o.tty;
  body.OpenStdin = o.interactive;
  body.AttachStdin = o.interactive;
  body.AttachStdout = true;
  body.AttachStderr = true;
  body.StdinOnce = o.interactive;
  if (!o.servicePorts) host.PortBindings = {};
  for (const p of o.publish) addPublish(body, p);
  host.Mounts = [...(host.Mounts ?? []), ...o.volumes.map(bindOf)];
  host.AutoRemove = o.autoRemove;
  // one-offs never restart (compose run sets no restart policy)
  host.RestartPolicy = { Name: 'no' };
  body.HostConfig = host;
  return { name: o.name ?? oneOffContainerName(project.name, service, slug), body };
}

/**
 * `run -e KEY` takes KEY's value from the project environment (shell, then --env-file or .env);
 * without one it is dropped, leaving the service's or image's value (compose run.go:
 * NewMappingWithEquals(...).Resolve(project.Environment).RemoveEmpty()).
 */
export function resolveRunEnv(flags: string[], projectEnv: Record<string, string>): string[] {
  return flags.flatMap((kv) => {
    if (kv.includes('=')) return [kv];
    const v = projectEnv[kv];
    return v === undefined ? [] : [`${kv}=${v}`];
  });
}

function addPublish(body: ContainerCreateRequest, spec: string): void {
  const parts = spec.split(':');
  const [target, proto = 'tcp'] = parts[parts.length - 1]!.split('/');
  const published = parts.length >= 2 ? parts[parts.length - 2]! : '';
  const ip = parts.length === 3 ? parts[0]! : '';
  const key = `${target}/${proto}`;
  body.ExposedPorts = { ...(body.ExposedPorts ?? {}), [key]: {} };
  const host = body.HostConfig!;
  host.PortBindings = { ...(host.PortBindings ?? {}), [key]: [{ HostIp: ip, HostPort: published }] };
}

function bindOf(spec: string): MountSpec {
  const [source, target, mode] = spec.split(':');
  if (source === undefined || target === undefined) throw new CoreError('INVALID_ARGUMENT', `-v ${spec}: expected SOURCE:TARGET[:ro]`);
  const bind = source.startsWith('/') || source.startsWith('.');
  return { Type: bind ? 'bind' : 'volume', Source: source, Target: target, ReadOnly: mode === 'ro' };
}
