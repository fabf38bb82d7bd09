// `build` (compose build.go) as a use case: each selected service's `build:` section turned into
// one engine build (POST /build), the image named as compose names it (`image:` when set, else
// `<project>-<service>`) plus `build.tags`. Services run side by side; two services that build
// the same image share one build. Watch's `rebuild` and `up --build` call buildService /
// buildServices; the CLI renders the output lines.
import { relative, resolve } from 'node:path';
import type { EngineClient } from '../engine/client';
import { buildImage, type BuildQuery } from '../engine/build';
import { CoreError } from '../errors';
import { defaultImageName } from '../reconcile/naming';
import type { Project, ServiceConfig } from '../spec';
import { contextFor, engineReadsInPlace } from './build-context';

export interface BuildFlags {
  noCache?: boolean;
  pull?: boolean;
  /** `--build-arg K=V` (wins over build.args); a bare K takes the value from `env`. */
  buildArgs?: Record<string, string | null>;
  /** The platform the engine runs on, e.g. "linux/amd64" (others are refused clearly). */
  hostPlatform?: string;
  /** Send the context folder's path instead of a tar (Berth's engine on this machine); asked of the engine when undefined. */
  readInPlace?: boolean;
}

/** One line of a service's build output. */
export type BuildOutput = (service: string, text: string) => void;

type BuildSection = NonNullable<ServiceConfig['build']> & Record<string, unknown>;

/** The image a service runs: `image:`, or compose's `<project>-<service>` for a build-only one. */
export function serviceImage(project: Project, name: string): string {
  return project.services[name]?.image ?? defaultImageName(project.name, name);
}

function refuseUnsupported(name: string, b: BuildSection, flags: BuildFlags): void {
  const fail = (what: string): never => { throw new CoreError('NOT_IMPLEMENTED', `service "${name}": build.${what} is not supported by Berth's builder`); };
  if (Array.isArray(b.ssh) && b.ssh.length) fail('ssh (SSH agent forwarding)');
  if (b.secrets && (b.secrets as unknown[]).length) fail('secrets (use RUN --mount=type=secret through `berth image build --secret`)');
  const platforms = (b.platforms as string[] | undefined) ?? [];
  const others = platforms.filter((p) => flags.hostPlatform && p !== flags.hostPlatform);
  if (others.length) throw new CoreError('INVALID_ARGUMENT', `service "${name}": build.platforms ${others.join(', ')}: only the engine's own platform (${flags.hostPlatform}) can be built`);
  const cacheTo = (b.cache_to as string[] | undefined) ?? [];
  if (cacheTo.some((c) => !/^type=local\b/.test(c))) fail('cache_to (only type=local is accepted)');
}

function queryFor(project: Project, name: string, b: BuildSection, flags: BuildFlags): BuildQuery {
  const args: Record<string, string | null> = { ...(b.args ?? {}) };
  for (const [k, v] of Object.entries(flags.buildArgs ?? {})) args[k] = v ?? project.meta.environment[k] ?? null;
  for (const k of Object.keys(args)) if (args[k] === null) delete args[k];
  return {
    tags: [serviceImage(project, name), ...((b.tags as string[] | undefined) ?? [])],
    buildArgs: args, labels: b.labels ?? {}, target: b.target,
    noCache: flags.noCache || b.no_cache === true, pull: flags.pull || b.pull === true,
    networkMode: b.network as string | undefined, shmSize: b.shm_size,
    extraHosts: Object.entries(b.extra_hosts ?? {}).flatMap(([h, ips]) => ips.map((ip) => `${h}:${ip}`)),
  };
}

/** Builds a service another one names in additional_contexts (`service:name`) and gives its image. */
export type ServiceImage = (service: string) => Promise<string>;

/**
 * additional_contexts as the engine takes them: a folder (read in place: the engine shares the
 * machine), `docker-image://ref`, or `service:name`, whose image is built first.
 */
async function namedContexts(name: string, b: BuildSection, local: boolean, needImage: ServiceImage): Promise<BuildQuery['namedContexts']> {
  const out: NonNullable<BuildQuery['namedContexts']> = {};
  for (const [k, v] of Object.entries((b.additional_contexts ?? {}) as Record<string, string>)) {
    const where = `service "${name}": build.additional_contexts.${k}`;
    if (v.startsWith('docker-image://')) out[k] = { image: v.slice('docker-image://'.length) };
    else if (v.startsWith('service:')) out[k] = { image: await needImage(v.slice('service:'.length)) };
    else if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(v)) throw new CoreError('NOT_IMPLEMENTED', `${where}: ${v}: remote contexts are not supported by Berth's builder (a folder, docker-image:// or service: is)`);
    else if (!local) throw new CoreError('NOT_IMPLEMENTED', `${where}: a folder context needs Berth's engine on this machine`);
    else out[k] = { dir: v };
  }
  return out;
}

/** Builds one service's image; resolves with the image id. */
export async function buildService(client: EngineClient, project: Project, name: string, flags: BuildFlags, out: BuildOutput, needImage?: ServiceImage): Promise<string> {
  const svc = project.services[name];
  if (!svc) throw new CoreError('NOT_FOUND', `no such service: ${name}`);
  const b = svc.build as BuildSection | undefined;
  if (!b) throw new CoreError('INVALID_ARGUMENT', `service "${name}" has no build section`);
  refuseUnsupported(name, b, flags);
  const local = flags.readInPlace ?? await engineReadsInPlace(() => client.version());
  const ctx = await contextFor(local, { dir: b.context, dockerfile: b.dockerfile, inline: b.dockerfile_inline });
  const built: ServiceImage = needImage ?? (async (dep) => {
    if (!project.services[dep]?.build) throw new CoreError('NOT_FOUND', `service "${name}": build.additional_contexts names service "${dep}", which has no build section`);
    await buildService(client, project, dep, flags, out);
    return serviceImage(project, dep);
  });
  const named = await namedContexts(name, b, local, built);
  const query = { ...queryFor(project, name, b, flags), dockerfile: ctx.dockerfile, contextDir: ctx.contextDir, dockerfileInline: ctx.dockerfileInline, namedContexts: named };
  return buildImage(client.transport, ctx.tar, query, (text) => out(name, text)).catch((err: unknown) => {
    throw inService(project, name, b, err);
  });
}

/**
 * A build error names the service, and a Dockerfile position (`Dockerfile:2:1: ...`) the file as
 * the project sees it (`app/Dockerfile:2:1`), so a project of several builds says which one failed.
 */
function inService(project: Project, name: string, b: BuildSection, err: unknown): CoreError {
  const msg = (err as Error).message ?? String(err);
  const file = b.dockerfile ?? 'Dockerfile';
  const shown = relative(project.meta.workingDir, resolve(b.context, file)) || file;
  const text = b.dockerfile_inline === undefined && msg.startsWith(`${file}:`) ? `${shown}${msg.slice(file.length)}` : msg;
  return new CoreError(err instanceof CoreError ? err.code : 'INTERNAL', `service "${name}": ${text}`, { cause: err });
}

/**
 * Builds the services that have a `build:` section (all of them when `names` is empty), in
 * parallel; a second service naming the same image reuses the first one's build.
 */
export async function buildServices(client: EngineClient, project: Project, names: string[], flags: BuildFlags, out: BuildOutput): Promise<Record<string, string>> {
  for (const n of names) if (!project.services[n]) throw new CoreError('NOT_FOUND', `no such service: ${n}`);
  const selected = (names.length ? names : Object.keys(project.services)).filter((n) => project.services[n]?.build);
  const byImage = new Map<string, Promise<string>>();
  const ids: Record<string, string> = {};
  if (selected.length) flags = { ...flags, readInPlace: flags.readInPlace ?? await engineReadsInPlace(() => client.version()) };
  const start = (n: string, chain: string[]): Promise<string> => {
    if (chain.includes(n)) throw new CoreError('INVALID_ARGUMENT', `build.additional_contexts: services need each other's images: ${[...chain, n].join(' -> ')}`);
    if (!project.services[n]?.build) throw new CoreError('NOT_FOUND', `service "${chain[chain.length - 1]}": build.additional_contexts names service "${n}", which has no build section`);
    const image = serviceImage(project, n);
    let p = byImage.get(image);
    if (!p) {
      p = buildService(client, project, n, flags, out, async (dep) => { await start(dep, [...chain, n]); return serviceImage(project, dep); });
      byImage.set(image, p);
    }
    return p;
  };
  await Promise.all(selected.map(async (n) => { ids[n] = await start(n, []); }));
  return ids;
}

/**
 * What `up` builds first (compose up's build step): with `--build` every selected service that
 * has a build section, with `--no-build` none; otherwise those whose image is missing, and
 * those with `pull_policy: build`.
 */
export async function buildForUp(client: EngineClient, project: Project, services: string[], opts: { build?: boolean; noBuild?: boolean } & BuildFlags, out: BuildOutput): Promise<Record<string, string>> {
  if (opts.noBuild) return {};
  const names = (services.length ? services : Object.keys(project.services)).filter((n) => project.services[n]?.build);
  const wanted: string[] = [];
  for (const n of names) {
    if (opts.build || project.services[n]?.pull_policy === 'build') { wanted.push(n); continue; }
    const present = await client.getImage(serviceImage(project, n)).inspect().then(() => true, (err: CoreError) => {
      if (err.code === 'NOT_FOUND') return false;
      throw err;
    });
    if (!present) wanted.push(n);
  }
  return wanted.length ? buildServices(client, project, wanted, opts, out) : {};
}
