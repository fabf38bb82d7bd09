// From a container record to its config.json: user from the rootfs's /etc/passwd and /etc/group,
// rlimits capped at what the engine inherited, resources, seccomp, init and network namespace.
import { withDefaultPath } from '../oci/default-env';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSpec, type SpecInput } from '../oci/spec';
import type { OciSpec } from '../oci/spec-types';
import { parseGroup, parsePasswd, resolveUser } from '../oci/user';
import { buildRlimits, parseProcLimits, type InheritedLimits } from '../oci/rlimits';
import { capabilitiesFromMask } from '../oci/capabilities';
import { resolveDevices, type DeviceHost } from '../oci/devices';
import { release } from 'node:os';
import type { ContainerRecord } from './record';
import { SafeRoot, type FsafeSyscalls } from '../fsafe/index';

export interface HostFacts {
  arch: string;
  kernel: string;
  limits: InheritedLimits;
  /** Static init binary for --init (catatonit; tini-static works too). */
  initPath: string;
  /** The engine's capability bounding set (what --privileged can give). */
  capabilities?: string[];
}

/** The facts of this host, read once at start-up by the daemon. */
export async function readHostFacts(initPath = '/usr/bin/catatonit'): Promise<HostFacts> {
  const status = await readFile('/proc/self/status', 'utf8');
  const bnd = /^CapBnd:\s*([0-9a-f]+)/m.exec(status)?.[1];
  return {
    arch: process.arch, kernel: release(), initPath,
    limits: parseProcLimits(await readFile('/proc/self/limits', 'utf8')),
    capabilities: bnd ? capabilitiesFromMask(bnd) : undefined,
  };
}

/**
 * The image's /etc/passwd and /etc/group read inside the rootfs (runtime/fsafe): a container may
 * have made them links to host files, /dev/zero or a fifo, which a host-path read would follow,
 * exhaust memory on, or block forever on.
 */
export async function resolveUserIn(sys: FsafeSyscalls, rootfs: string, user: string): Promise<ReturnType<typeof resolveUser>> {
  const [passwd, group] = readInRoot(sys, rootfs, ['/etc/passwd', '/etc/group']);
  return resolveUser(user, parsePasswd(passwd), parseGroup(group));
}

/** Each file's text, '' when absent or unreadable (as before: a missing passwd is no error). */
function readInRoot(sys: FsafeSyscalls, rootfs: string, files: string[]): string[] {
  let root: SafeRoot;
  try {
    root = SafeRoot.open(sys, rootfs);
  } catch {
    return files.map(() => '');
  }
  try {
    return files.map((f) => root.readFile(f)?.toString('utf8') ?? '');
  } finally {
    root.close();
  }
}

function securityOpts(opts: readonly string[] | null | undefined): { seccomp: 'default' | 'unconfined'; noNewPrivileges: boolean } {
  const list = opts ?? [];
  return {
    seccomp: list.some((o) => /^seccomp[=:]unconfined$/.test(o)) ? 'unconfined' : 'default',
    noNewPrivileges: list.some((o) => /^no-new-privileges(?:[=:]true)?$/.test(o)),
  };
}

/** Writes /etc/hostname, /etc/hosts and /etc/resolv.conf for the container, as Docker does. */
async function etcFiles(rec: ContainerRecord, extra: { hostsPath?: string; resolvConfPath?: string }): Promise<SpecInput['etcFiles']> {
  const hostname = join(rec.dir, 'hostname');
  const hosts = extra.hostsPath ?? join(rec.dir, 'hosts');
  const ownResolv = !extra.resolvConfPath && rec.hostConfig.NetworkMode === 'host';
  const resolvConf = ownResolv ? join(rec.dir, 'resolv.conf') : extra.resolvConfPath;
  // Three independent files: written side by side (a start waits for all of them).
  await Promise.all([
    writeFile(hostname, `${rec.config.Hostname}\n`),
    extra.hostsPath ? undefined : writeFile(hosts, `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t${rec.config.Hostname}\n`),
    ownResolv ? readFile('/etc/resolv.conf', 'utf8').catch(() => '').then((text) => writeFile(join(rec.dir, 'resolv.conf'), text)) : undefined,
  ]);
  return { hostname, hosts, resolvConf };
}

/** The host's /dev as devices.ts reads it (stat follows links: /dev/disk/by-id/* names nodes). */
const HOST_DEVICES: DeviceHost = {
  stat: (p) => stat(p).catch(() => undefined),
  readdir: (p) => readdir(p),
};

/** HostConfig.ConsoleSize [height, width]; [0, 0] (the default) leaves the runtime's. */
export function consoleSize(size: readonly number[] | null | undefined): { height: number; width: number } | undefined {
  const [height = 0, width = 0] = size ?? [];
  return height > 0 && width > 0 ? { height: Math.trunc(height), width: Math.trunc(width) } : undefined;
}

export interface SharedNamespaces { netnsPath?: string; hostsPath?: string; resolvConfPath?: string; pid?: string; ipc?: string; uts?: string }

export async function containerSpec(rec: ContainerRecord, host: HostFacts, net: SharedNamespaces, fsafe: FsafeSyscalls): Promise<OciSpec> {
  const hc = rec.hostConfig;
  // Independent file work (the image's passwd/group, the container's /etc files), side by side.
  const [user, etc, devices] = await Promise.all([resolveUserIn(fsafe, rec.rootfs, rec.config.User ?? ''), etcFiles(rec, net), resolveDevices(hc.Devices ?? [], HOST_DEVICES)]);
  const env = withDefaultPath(rec.config.Env ?? []);
  if (!env.some((e) => e.startsWith('HOSTNAME='))) env.push(`HOSTNAME=${rec.config.Hostname}`);
  if (!env.some((e) => e.startsWith('HOME='))) env.push(`HOME=${user.home}`);
  if (rec.config.Tty && !env.some((e) => e.startsWith('TERM='))) env.push('TERM=xterm');
  const sec = securityOpts(hc.SecurityOpt);
  const isHost = hc.NetworkMode === 'host';
  return buildSpec({
    rootfs: rec.rootfs, readonlyRootfs: !!hc.ReadonlyRootfs,
    args: [rec.path, ...rec.args], env, cwd: rec.config.WorkingDir || '/',
    user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
    terminal: !!rec.config.Tty, consoleSize: consoleSize(hc.ConsoleSize), hostname: rec.config.Hostname ?? rec.id.slice(0, 12),
    mounts: rec.mounts, capAdd: hc.CapAdd, capDrop: hc.CapDrop, privileged: !!hc.Privileged, availableCapabilities: host.capabilities,
    seccomp: sec.seccomp, noNewPrivileges: sec.noNewPrivileges,
    rlimits: buildRlimits(hc.Ulimits ?? [], host.limits),
    memory: hc.Memory, memorySwap: hc.MemorySwap, memoryReservation: hc.MemoryReservation,
    nanoCpus: hc.NanoCpus, cpuShares: hc.CpuShares, cpuQuota: hc.CpuQuota, cpuPeriod: hc.CpuPeriod, cpusetCpus: hc.CpusetCpus,
    pidsLimit: hc.PidsLimit, oomScoreAdj: hc.OomScoreAdj, shmSize: hc.ShmSize,
    network: isHost ? 'host' : net.netnsPath ? { path: net.netnsPath } : undefined,
    hostPid: hc.PidMode === 'host', hostIpc: hc.IpcMode === 'host', hostUts: hc.UTSMode === 'host' || isHost,
    joinNamespaces: { pid: net.pid, ipc: net.ipc, uts: net.uts },
    initPath: hc.Init ? host.initPath : undefined,
    cgroupsPath: rec.cgroupsPath, sysctls: hc.Sysctls ?? undefined,
    etcFiles: etc,
    host: { arch: host.arch, kernel: host.kernel },
    annotations: { 'org.berth.container.name': rec.name },
    devices,
  });
}
