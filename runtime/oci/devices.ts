// HostConfig.Devices (`--device /dev/x[:/dev/y[:rwm]]`) → config.json device nodes and the device
// cgroup rules that allow them, as dockerd's devicesFromPath does: the host path must be a
// character or block device (or a directory, whose device nodes are taken recursively); the
// container's node copies the host's type, numbers, mode and owner; permissions default to rwm.
import type { LinuxDevice } from './spec-types';
import { EngineError as OciError } from '../errors';

export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer?: string;
  CgroupPermissions?: string;
}

/** What the spec needs of one device: its node and the cgroup access it is given. */
export interface ContainerDevice {
  node: LinuxDevice;
  access: string;
}

/** The host facts about a path, from lstat/stat (mode, rdev, uid, gid), or undefined if absent. */
export interface DeviceStat {
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
  mode: number;
  rdev: number;
  uid: number;
  gid: number;
}

export interface DeviceHost {
  stat(path: string): Promise<DeviceStat | undefined>;
  readdir(path: string): Promise<string[]>;
}

/** Checks a mapping without touching the host: absolute paths, permissions of r, w and m only. */
export function validateDevice(d: DeviceMapping): void {
  const perms = d.CgroupPermissions ?? '';
  if (!d.PathOnHost?.startsWith('/')) throw new OciError('INVALID_ARGUMENT', `invalid device mapping "${d.PathOnHost ?? ''}": the host path must be absolute`);
  if (d.PathInContainer && !d.PathInContainer.startsWith('/')) throw new OciError('INVALID_ARGUMENT', `invalid device mapping "${d.PathInContainer}": the container path must be absolute`);
  if (!/^[rwm]*$/.test(perms)) throw new OciError('INVALID_ARGUMENT', `invalid device cgroup permissions "${perms}": only r, w and m are allowed`);
}

/** Linux dev_t split, as glibc's major()/minor() do. */
export function deviceNumbers(rdev: number): { major: number; minor: number } {
  const dev = BigInt(rdev);
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return { major, minor };
}

export async function resolveDevices(mappings: readonly DeviceMapping[], host: DeviceHost): Promise<ContainerDevice[]> {
  const out: ContainerDevice[] = [];
  for (const d of mappings) {
    validateDevice(d);
    const access = d.CgroupPermissions || 'rwm';
    const st = await host.stat(d.PathOnHost);
    if (st === undefined) throw new OciError('INVALID_ARGUMENT', `error gathering device information while adding custom device "${d.PathOnHost}": no such file or directory`);
    if (st.isDirectory()) {
      for (const [hostPath, s] of await devicesUnder(d.PathOnHost, host)) {
        out.push({ node: node(s, (d.PathInContainer || d.PathOnHost) + hostPath.slice(d.PathOnHost.length)), access });
      }
      continue;
    }
    if (!st.isCharacterDevice() && !st.isBlockDevice()) throw new OciError('INVALID_ARGUMENT', `error gathering device information while adding custom device "${d.PathOnHost}": not a device node`);
    out.push({ node: node(st, d.PathInContainer || d.PathOnHost), access });
  }
  return out;
}

function node(st: DeviceStat, path: string): LinuxDevice {
  return { path, type: st.isBlockDevice() ? 'b' : 'c', ...deviceNumbers(st.rdev), fileMode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/** The device nodes below a directory, depth first, sorted by name. */
async function devicesUnder(dir: string, host: DeviceHost): Promise<Array<[string, DeviceStat]>> {
  const found: Array<[string, DeviceStat]> = [];
  for (const name of (await host.readdir(dir)).sort()) {
    const p = `${dir.replace(/\/$/, '')}/${name}`;
    const st = await host.stat(p);
    if (st?.isDirectory()) found.push(...await devicesUnder(p, host));
    else if (st?.isCharacterDevice() || st?.isBlockDevice()) found.push([p, st]);
  }
  return found;
}
