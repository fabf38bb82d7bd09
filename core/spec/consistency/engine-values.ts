// Values the engine refuses at create (runtime/containers, runtime/oci), refused here first, with
// the file's position, so that what `config` accepts `up` can run and a bad value fails before any
// container or network exists. Messages as moby's daemon words them, where it has a word for it.
// Always checked, as checkStructure: `--no-consistency` must not let `up` fail half-way.
import type { Obj } from '../normalize/mappings';
import { isIpAddress } from '../normalize/ports';
import type { Problem } from './references';

/** runtime/containers/container-lifecycle.ts refuses less, as moby's daemon does. */
const MIN_MEMORY = 6 * 1024 * 1024;

const RESTART = /^(no|always|unless-stopped|on-failure)(?::(.*))?$/;

/** As moby's runconfig validateRestartPolicy. */
function restartProblem(policy: string): string | undefined {
  const m = RESTART.exec(policy);
  if (!m) return `invalid restart policy: unknown policy '${policy.split(':')[0]}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`;
  if (m[2] === undefined) return undefined;
  if (m[1] !== 'on-failure') return `invalid restart policy: maximum retry count can only be used with 'on-failure'`;
  return /^\d+$/.test(m[2]) ? undefined : `invalid restart policy: maximum retry count must be a positive integer: '${m[2]}'`;
}

/** The ulimits the kernel has (runtime/oci/rlimits.ts PROC_LIMIT_NAMES), as docker's go-units names them. */
const ULIMITS = new Set(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack', 'as']);

/** Every capability the kernel knows, up to CAP_CHECKPOINT_RESTORE (runtime/oci/capabilities.ts). */
const CAPABILITIES = new Set(('CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE '
  + 'NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE '
  + 'SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL '
  + 'SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE ALL').split(' '));

function capabilityKnown(name: string): boolean {
  return CAPABILITIES.has(name.trim().toUpperCase().replace(/^CAP_/, ''));
}

function limitOf(u: unknown): { soft?: number; hard?: number } {
  return typeof u === 'object' && u !== null ? (u as { soft?: number; hard?: number }) : { soft: u as number, hard: u as number };
}

function ulimitProblems(name: string, ulimits: Obj, at: At): void {
  for (const [k, u] of Object.entries(ulimits)) {
    if (!ULIMITS.has(k)) { at(`services.${name}.ulimits: invalid ulimit name: ${k}`, 'ulimits', k); continue; }
    const { soft, hard } = limitOf(u);
    if (soft !== undefined && hard !== undefined && soft > hard) at(`services.${name}.ulimits.${k}: ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`, 'ulimits', k);
  }
}

function deviceProblems(name: string, devices: Obj[], at: At): void {
  devices.forEach((d, i) => {
    const where = `services.${name}.devices[${i}]`;
    if (typeof d.source !== 'string' || !d.source.startsWith('/')) at(`${where}: invalid device path ${JSON.stringify(d.source)}: not an absolute path`, 'devices', i);
    else if (typeof d.target !== 'string' || !d.target.startsWith('/')) at(`${where}: invalid device path ${JSON.stringify(d.target)} in the container: not an absolute path`, 'devices', i);
    else if (!/^[rwm]{1,3}$/.test(String(d.permissions)) || new Set(String(d.permissions)).size !== String(d.permissions).length) at(`${where}: invalid device mode: ${String(d.permissions)}`, 'devices', i);
  });
}

type At = (message: string, ...path: (string | number)[]) => void;

function memoryProblems(svc: Obj, at: At): void {
  const limits = ((svc.deploy as Obj | undefined)?.resources as Obj | undefined)?.limits as Obj | undefined;
  for (const [value, path] of [[svc.mem_limit, ['mem_limit']], [limits?.memory, ['deploy', 'resources', 'limits', 'memory']]] as const) {
    const n = Number(value);
    if (value !== undefined && n > 0 && n < MIN_MEMORY) at(`${path.join('.')}: Minimum memory limit allowed is 6MB`, ...path);
  }
}

/** The normalised mapping form (name → address or addresses) as `name=ip` entries. */
function hostEntries(hosts: Obj): [string, string][] {
  return Object.entries(hosts).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((ip): [string, string] => [name, `${name}=${String(ip)}`]));
}

/** `name=ip` (normalised from `name:ip`) where ip is an address or `host-gateway`, as the engine's etc-files reads it. */
function extraHostProblems(hosts: [string | number, string][], at: At): void {
  hosts.forEach(([i, text]) => {
    const where = typeof i === 'number' ? `[${i}]` : `.${i}`;
    const sep = text.indexOf('=');
    const [name, ip] = sep > 0 ? [text.slice(0, sep), text.slice(sep + 1)] : ['', ''];
    if (!name || !ip) at(`extra_hosts${where}: invalid extra host "${text}": expected name:ip`, 'extra_hosts', i);
    else if (ip !== 'host-gateway' && !isIpAddress(ip.replace(/^\[(.*)\]$/, '$1'))) at(`extra_hosts${where}: invalid IP address in add-host: "${ip}"`, 'extra_hosts', i);
  });
}

export function checkEngineValues(name: string, svc: Obj): Problem[] {
  const out: Problem[] = [];
  const at: At = (message, ...rest) => { out.push({ message: message.startsWith('services.') ? message : `services.${name}.${message}`, path: ['services', name, ...rest] }); };
  if (typeof svc.restart === 'string') {
    const problem = restartProblem(svc.restart);
    if (problem) at(`restart: ${problem}`, 'restart');
  }
  if (svc.ulimits !== undefined) ulimitProblems(name, svc.ulimits as Obj, at);
  if (Array.isArray(svc.devices)) deviceProblems(name, svc.devices as Obj[], at);
  for (const field of ['cap_add', 'cap_drop'] as const) {
    ((svc[field] ?? []) as string[]).forEach((c, i) => { if (!capabilityKnown(c)) at(`${field}[${i}]: unknown capability: "${c}"`, field, i); });
  }
  ((svc.tmpfs ?? []) as string[]).forEach((t, i) => {
    if (!String(t).startsWith('/')) at(`tmpfs[${i}]: invalid mount path for tmpfs: "${String(t).split(':')[0]}" is not an absolute path`, 'tmpfs', i);
  });
  memoryProblems(svc, at);
  if (Array.isArray(svc.extra_hosts)) extraHostProblems(svc.extra_hosts.map((h, i): [number, string] => [i, String(h)]), at);
  else if (typeof svc.extra_hosts === 'object' && svc.extra_hosts !== null) extraHostProblems(hostEntries(svc.extra_hosts as Obj), at);
  if (typeof svc.cpus === 'number' && svc.cpus < 0) at(`cpus: invalid value ${svc.cpus}: the number of CPUs cannot be negative`, 'cpus');
  return out;
}
