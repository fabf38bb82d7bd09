// `berth container run|create` flags, as the docker CLI spells them, and their translation into
// the ContainerCreate body (docker/cli cli/command/container/opts.go does the same job).
import { readFileSync } from 'node:fs';
import type { ContainerCreateRequest, HostConfig, MountSpec, PortMap, Ulimit } from '../../runtime/api/types';
import { CoreError } from '../../core/errors';
import { parseDevice } from '../../core/engine/device-spec';
import { bool, list, str, type FlagSpec, type FlagValues } from './engine-args';

export const CREATE_FLAGS: Record<string, FlagSpec> = {
  name: { type: 'string' }, detach: { short: 'd', type: 'bool' }, rm: { type: 'bool' },
  interactive: { short: 'i', type: 'bool' }, tty: { short: 't', type: 'bool' },
  env: { short: 'e', type: 'list' }, 'env-file': { type: 'list' }, label: { short: 'l', type: 'list' },
  volume: { short: 'v', type: 'list' }, mount: { type: 'list' }, tmpfs: { type: 'list' },
  publish: { short: 'p', type: 'list' }, expose: { type: 'list' }, workdir: { short: 'w', type: 'string' },
  user: { short: 'u', type: 'string' }, entrypoint: { type: 'string' }, hostname: { short: 'h', type: 'string' },
  network: { type: 'string' }, net: { type: 'string' }, 'network-alias': { type: 'list' },
  memory: { short: 'm', type: 'string' }, cpus: { type: 'string' }, 'cpu-shares': { short: 'c', type: 'string' },
  'pids-limit': { type: 'string' }, 'cap-add': { type: 'list' }, 'cap-drop': { type: 'list' },
  privileged: { type: 'bool' }, 'read-only': { type: 'bool' }, init: { type: 'bool' }, restart: { type: 'string' },
  'stop-signal': { type: 'string' }, 'stop-timeout': { type: 'string' }, ulimit: { type: 'list' },
  'security-opt': { type: 'list' }, 'shm-size': { type: 'string' }, 'add-host': { type: 'list' },
  dns: { type: 'list' }, 'sig-proxy': { type: 'bool' }, 'health-cmd': { type: 'string' },
  'health-interval': { type: 'string' }, 'health-retries': { type: 'string' }, 'no-healthcheck': { type: 'bool' },
  platform: { type: 'string' }, pull: { type: 'string' }, quiet: { short: 'q', type: 'bool' },
  device: { type: 'list' },
};

// `--device SRC[:DST][:PERMS]`: parsed as compose's `devices:` is (core/engine/device-spec).
export { parseDevice } from '../../core/engine/device-spec';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "512m", "1g", "1024" → bytes (binary units, as docker's RAMInBytes). */
export function parseBytes(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)i?b?$/i.exec(v.trim());
  if (!m) throw new CoreError('INVALID_ARGUMENT', `invalid size: '${v}'`);
  return Math.round(Number(m[1]) * UNITS[m[2].toLowerCase()]);
}

/** Go durations as docker flags take them ("30s", "1m30s", "500ms") → nanoseconds. */
export function parseDuration(v: string): number {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g;
  let consumed = 0;
  for (const m of v.matchAll(re)) {
    total += Number(m[1]) * { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 }[m[2] as 'ns']!;
    consumed += m[0].length;
  }
  if (consumed !== v.length || v === '') throw new CoreError('INVALID_ARGUMENT', `invalid duration: '${v}'`);
  return Math.round(total);
}

/** `[ip:]hostPort:containerPort[/proto]`, `containerPort`, ranges left to the engine. */
export function parsePorts(specs: string[]): { exposed: Record<string, Record<string, never>>; bindings: PortMap } {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: PortMap = {};
  for (const spec of specs) {
    const [addr, proto = 'tcp'] = spec.split('/');
    const parts = addr.startsWith('[') ? splitV6(addr) : addr.split(':');
    const container = parts[parts.length - 1];
    const hostPort = parts.length >= 2 ? parts[parts.length - 2] : '';
    const hostIp = parts.length === 3 ? parts[0] : '';
    if (!/^\d+(-\d+)?$/.test(container)) throw new CoreError('INVALID_ARGUMENT', `invalid containerPort: ${container}`);
    const key = `${container}/${proto}`;
    exposed[key] = {};
    (bindings[key] ??= [])!.push({ HostIp: hostIp, HostPort: hostPort });
  }
  return { exposed, bindings };
}

function splitV6(addr: string): string[] {
  const end = addr.indexOf(']');
  return [addr.slice(1, end), ...addr.slice(end + 2).split(':')];
}

/** `type=bind,source=/a,target=/b,readonly` → Mount. */
export function parseMount(spec: string): MountSpec {
  const m: Partial<MountSpec> & Record<string, unknown> = { Type: 'volume' };
  for (const kv of spec.split(',')) {
    const [k, v = 'true'] = kv.split('=', 2);
    const key = k.trim().toLowerCase();
    if (key === 'type') m.Type = v as MountSpec['Type'];
    else if (key === 'source' || key === 'src') m.Source = v;
    else if (key === 'target' || key === 'destination' || key === 'dst') m.Target = v;
    else if (key === 'readonly' || key === 'ro') m.ReadOnly = v !== 'false' && v !== '0';
    else if (key === 'tmpfs-size') m.TmpfsOptions = { ...m.TmpfsOptions, SizeBytes: parseBytes(v) };
    else if (key === 'tmpfs-mode') m.TmpfsOptions = { ...m.TmpfsOptions, Mode: parseInt(v, 8) };
    else if (key === 'bind-propagation') m.BindOptions = { Propagation: v };
    else if (key === 'volume-nocopy') m.VolumeOptions = { NoCopy: v !== 'false' };
    else throw new CoreError('INVALID_ARGUMENT', `unexpected key '${k}' in '${spec}'`);
  }
  if (!m.Target) throw new CoreError('INVALID_ARGUMENT', `target is required in --mount ${spec}`);
  return m as MountSpec;
}

function parseUlimit(spec: string): Ulimit {
  const [name, limits = ''] = spec.split('=', 2);
  const [soft, hard = soft] = limits.split(':');
  if (!name || soft === '' || Number.isNaN(Number(soft)) || Number.isNaN(Number(hard))) throw new CoreError('INVALID_ARGUMENT', `invalid ulimit: ${spec}`);
  return { Name: name, Soft: Number(soft), Hard: Number(hard) };
}

function parseRestart(v: string): HostConfig['RestartPolicy'] {
  const [name, count] = v.split(':');
  if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(name)) throw new CoreError('INVALID_ARGUMENT', `invalid restart policy '${v}'`);
  return { Name: name as 'no', MaximumRetryCount: count ? Number(count) : 0 };
}

/** `-e NAME` takes NAME from the caller's environment (skipped when unset), as docker does. */
function envList(f: FlagValues, env: NodeJS.ProcessEnv): string[] {
  const fromFiles = list(f, 'env-file').flatMap((p) => readFileSync(p, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  return [...fromFiles, ...list(f, 'env')].flatMap((e) => (e.includes('=') ? [e] : env[e] !== undefined ? [`${e}=${env[e]}`] : []));
}

function keyValues(items: string[]): Record<string, string> {
  return Object.fromEntries(items.map((l) => { const eq = l.indexOf('='); return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)]; }));
}

export function createBody(f: FlagValues, image: string, cmd: string[], env: NodeJS.ProcessEnv): ContainerCreateRequest {
  const { exposed, bindings } = parsePorts(list(f, 'publish'));
  for (const p of list(f, 'expose')) exposed[p.includes('/') ? p : `${p}/tcp`] = {};
  const entrypoint = str(f, 'entrypoint');
  const network = str(f, 'network') ?? str(f, 'net');
  const interactive = bool(f, 'interactive');
  const detached = bool(f, 'detach');
  const num = (name: string): number | undefined => (str(f, name) === undefined ? undefined : Number(str(f, name)));
  const host: HostConfig = {
    Binds: list(f, 'volume'), Mounts: list(f, 'mount').map(parseMount),
    Tmpfs: Object.fromEntries(list(f, 'tmpfs').map((t) => { const i = t.indexOf(':'); return i < 0 ? [t, ''] : [t.slice(0, i), t.slice(i + 1)]; })),
    PortBindings: bindings, NetworkMode: network ?? 'default', AutoRemove: bool(f, 'rm'),
    RestartPolicy: str(f, 'restart') ? parseRestart(str(f, 'restart') as string) : { Name: 'no' },
    Memory: str(f, 'memory') ? parseBytes(str(f, 'memory') as string) : undefined,
    NanoCpus: str(f, 'cpus') ? Math.round(Number(str(f, 'cpus')) * 1e9) : undefined,
    CpuShares: num('cpu-shares'), PidsLimit: num('pids-limit'),
    CapAdd: list(f, 'cap-add'), CapDrop: list(f, 'cap-drop'), Privileged: bool(f, 'privileged'),
    ReadonlyRootfs: bool(f, 'read-only'), Init: f.init === true ? true : null,
    Ulimits: list(f, 'ulimit').map(parseUlimit), SecurityOpt: list(f, 'security-opt'),
    ShmSize: str(f, 'shm-size') ? parseBytes(str(f, 'shm-size') as string) : undefined,
    ExtraHosts: list(f, 'add-host'), Dns: list(f, 'dns'),
    Devices: list(f, 'device').map(parseDevice),
  };
  const aliases = list(f, 'network-alias');
  return {
    Image: image, Cmd: cmd.length ? cmd : null, Entrypoint: entrypoint === undefined ? undefined : entrypoint === '' ? [''] : [entrypoint],
    Env: envList(f, env), Labels: keyValues(list(f, 'label')), WorkingDir: str(f, 'workdir') ?? '', User: str(f, 'user') ?? '',
    Hostname: str(f, 'hostname') ?? '', Tty: bool(f, 'tty'), OpenStdin: interactive, StdinOnce: interactive && !detached,
    AttachStdin: interactive && !detached, AttachStdout: !detached, AttachStderr: !detached,
    ExposedPorts: exposed, StopSignal: str(f, 'stop-signal'), StopTimeout: num('stop-timeout'),
    Healthcheck: healthcheck(f), HostConfig: host,
    NetworkingConfig: network && aliases.length ? { EndpointsConfig: { [network]: { Aliases: aliases } } } : undefined,
  };
}

function healthcheck(f: FlagValues): ContainerCreateRequest['Healthcheck'] {
  if (bool(f, 'no-healthcheck')) return { Test: ['NONE'] };
  const cmd = str(f, 'health-cmd');
  if (!cmd) return undefined;
  return {
    Test: ['CMD-SHELL', cmd],
    Interval: str(f, 'health-interval') ? parseDuration(str(f, 'health-interval') as string) : undefined,
    Retries: str(f, 'health-retries') ? Number(str(f, 'health-retries')) : undefined,
  };
}
