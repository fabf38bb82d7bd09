// The service's own container: image, command, working dir, environment, ports, security,
// resources. Volumes, probes and environment arrive already converted (their own files).
import { cpuQuantity, bytesQuantity } from './quantities';
import type { ServiceScope } from './scope';

export interface ContainerParts {
  envFrom: unknown[];
  volumeMounts: unknown[];
  probes: Record<string, unknown>;
}

export function mainContainer(s: ServiceScope, parts: ContainerParts): Record<string, unknown> {
  const { svc } = s;
  const c: Record<string, unknown> = { name: s.name, image: image(s) };
  const pull = pullPolicy(s);
  if (pull) c.imagePullPolicy = pull;
  // compose's entrypoint replaces the image's ENTRYPOINT, as a pod's command does; command is CMD, args.
  if (svc.entrypoint) c.command = svc.entrypoint.map(escapeRefs);
  if (svc.command) c.args = svc.command.map(escapeRefs);
  if (svc.working_dir) c.workingDir = svc.working_dir;
  if (parts.envFrom.length > 0) c.envFrom = parts.envFrom;
  const ports = containerPorts(s);
  if (ports.length > 0) c.ports = ports;
  const security = securityContext(s);
  if (Object.keys(security).length > 0) c.securityContext = security;
  const resources = containerResources(s);
  if (Object.keys(resources).length > 0) c.resources = resources;
  Object.assign(c, parts.probes);
  if (parts.volumeMounts.length > 0) c.volumeMounts = parts.volumeMounts;
  if (svc.tty) c.tty = true;
  if (svc.stdin_open) c.stdin = true;
  const lifecycle = hooks(s);
  if (lifecycle) c.lifecycle = lifecycle;
  return c;
}

/** Kubernetes expands $(VAR) in command and args; compose passes them verbatim, so `$$(` keeps them literal. */
function escapeRefs(arg: string): string {
  return arg.replaceAll('$(', () => '$$(');
}

function image(s: ServiceScope): string {
  const name = s.svc.image ?? `${s.project.name}-${s.service}`;
  if (s.svc.build) s.report.changed([...s.path, 'build'], `the cluster does not build: push ${name} to a registry the cluster pulls from`);
  return name;
}

function pullPolicy(s: ServiceScope): string | undefined {
  const p = s.svc.pull_policy as string | undefined;
  if (p === undefined) return undefined;
  if (p === 'always') return 'Always';
  if (p === 'never') return 'Never';
  if (p === 'missing' || p === 'if_not_present') return 'IfNotPresent';
  s.report.changed([...s.path, 'pull_policy'], `${p}: no equivalent; the kubelet pulls if not present`);
  return 'IfNotPresent';
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function containerPorts(s: ServiceScope): Array<Record<string, unknown>> {
  const seen = new Map<string, Record<string, unknown>>();
  const add = (port: number, protocol: string, path: Array<string | number>): void => {
    if (!PROTOCOLS.has(protocol)) return s.report.dropped(path, `protocol ${protocol}: not tcp, udp or sctp`);
    const key = `${port}/${protocol}`;
    if (!seen.has(key)) seen.set(key, { containerPort: port, protocol: protocol.toUpperCase() });
  };
  (s.svc.ports ?? []).forEach((p, i) => add(p.target, p.protocol, [...s.path, 'ports', i]));
  (s.svc.expose ?? []).forEach((e, i) => {
    for (const [port, protocol] of exposed(e)) add(port, protocol, [...s.path, 'expose', i]);
  });
  return [...seen.values()];
}

/** "3000", "3000/udp", "3000-3002" → [port, protocol] pairs. */
export function exposed(entry: string | number): Array<[number, string]> {
  const [range = '', protocol = 'tcp'] = String(entry).split('/');
  const [from, to = from] = range.split('-').map(Number);
  if (!Number.isInteger(from) || !Number.isInteger(to)) return [];
  const out: Array<[number, string]> = [];
  for (let p = from!; p <= to! && out.length < 1000; p++) out.push([p, protocol]);
  return out;
}

function securityContext(s: ServiceScope): Record<string, unknown> {
  const { svc } = s;
  const sc: Record<string, unknown> = {};
  if (svc.privileged) sc.privileged = true;
  if (svc.read_only) sc.readOnlyRootFilesystem = true;
  const caps = (list: string[] | undefined): string[] => (list ?? []).map((c) => c.replace(/^CAP_/i, '').toUpperCase());
  const add = caps(svc.cap_add as string[] | undefined);
  const drop = caps(svc.cap_drop as string[] | undefined);
  if (add.length > 0 || drop.length > 0) sc.capabilities = { ...(add.length ? { add } : {}), ...(drop.length ? { drop } : {}) };
  Object.assign(sc, runAs(s));
  return sc;
}

/** user "uid[:gid]" as runAsUser/runAsGroup; a pod cannot run as a user named in the image's /etc/passwd. */
function runAs(s: ServiceScope): Record<string, number> {
  const user = s.svc.user as string | undefined;
  if (user === undefined) return {};
  const [u = '', g] = user.split(':');
  const out: Record<string, number> = {};
  if (/^\d+$/.test(u)) out.runAsUser = Number(u);
  if (g !== undefined && /^\d+$/.test(g)) out.runAsGroup = Number(g);
  if (!/^\d+$/.test(u) || (g !== undefined && !/^\d+$/.test(g))) {
    s.report.changed([...s.path, 'user'], `${user}: Kubernetes takes numeric ids only; the names are not carried`);
  }
  return out;
}

function containerResources(s: ServiceScope): Record<string, unknown> {
  const { svc } = s;
  const res = svc.deploy?.resources;
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  const cpu = res?.limits?.cpus ?? svc.cpus;
  const mem = res?.limits?.memory ?? svc.mem_limit;
  if (cpu) limits.cpu = cpuQuantity(cpu);
  if (mem) limits.memory = bytesQuantity(mem);
  const rcpu = res?.reservations?.cpus;
  const rmem = res?.reservations?.memory ?? svc.mem_reservation;
  if (rcpu) requests.cpu = cpuQuantity(rcpu);
  if (rmem) requests.memory = bytesQuantity(rmem);
  for (const side of ['limits', 'reservations'] as const) {
    if (res?.[side]?.pids !== undefined) s.report.dropped([...s.path, 'deploy', 'resources', side, 'pids'], 'no per-container PID limit in a pod');
    if (res?.[side]?.devices !== undefined) s.report.dropped([...s.path, 'deploy', 'resources', side, 'devices'], 'devices reach a pod only through a device plugin resource');
  }
  return { ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(requests).length ? { requests } : {}) };
}

/** post_start/pre_stop: the first hook's command as an exec handler; its user, privileges and environment are not carried. */
function hooks(s: ServiceScope): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, field] of [['post_start', 'postStart'], ['pre_stop', 'preStop']] as const) {
    const list = (s.svc as Record<string, unknown>)[key] as Array<Record<string, unknown>> | undefined;
    if (!list || list.length === 0) continue;
    const first = list[0]!;
    const command = Array.isArray(first.command) ? (first.command as string[]) : ['/bin/sh', '-c', String(first.command)];
    out[field] = { exec: { command } };
    if (list.length > 1) s.report.dropped([...s.path, key, 1], 'a container has one hook of each kind; only the first is carried');
    for (const k of ['user', 'privileged', 'environment', 'working_dir']) {
      if (first[k] !== undefined) s.report.dropped([...s.path, key, 0, k], 'a lifecycle hook runs as the container does');
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
