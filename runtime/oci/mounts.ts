// The mounts of config.json: the default set every Docker container gets, then binds and tmpfs
// from the create request (Docker's `-v src:dst:opts`, `--tmpfs dst:opts`, `--mount`).
import { EngineError } from '../errors';
import type { OciMount } from './spec-types';

const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** As moby's oci.DefaultLinuxSpec mounts, plus /dev/shm sized by --shm-size. */
export function defaultMounts(opts: { shmSize?: number; privileged?: boolean }): OciMount[] {
  const sysOpts = ['nosuid', 'noexec', 'nodev', opts.privileged ? 'rw' : 'ro'];
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: sysOpts },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${opts.shmSize || DEFAULT_SHM_SIZE}`] },
  ];
}

const PROPAGATIONS = ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'];

/** A bind mount; `readOnly` adds "ro", propagation defaults to rprivate as Docker's does. */
export function bindMount(source: string, destination: string, opts: { readOnly?: boolean; propagation?: string; recursive?: boolean } = {}): OciMount {
  const options = [opts.recursive === false ? 'bind' : 'rbind', opts.propagation || 'rprivate'];
  if (opts.readOnly) options.push('ro');
  return { destination, type: 'bind', source, options };
}

/**
 * Parses one Docker `Binds` entry: "src:dst[:opts]". `src` is a host path or a volume name;
 * `resolveVolume` maps a name to its host path (the volumes service owns that).
 */
export function parseBind(bind: string, resolveVolume: (name: string) => string): OciMount {
  const parts = bind.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[1].startsWith('/')) {
    throw new EngineError('INVALID_ARGUMENT', `invalid volume specification: '${bind}'`);
  }
  const [src, dst, optStr = ''] = parts;
  const opts = optStr.split(',').filter(Boolean);
  const source = src.startsWith('/') ? src : resolveVolume(src);
  const propagation = opts.find((o) => PROPAGATIONS.includes(o));
  // z/Z (SELinux relabel) and nocopy have no effect here: no SELinux, copy-up is the volume's job.
  return bindMount(source, dst, { readOnly: opts.includes('ro'), propagation });
}

/** One `Tmpfs` entry ({"/run": "size=64m,mode=1777"}), with Docker's nosuid,nodev,noexec default. */
export function tmpfsMount(destination: string, optStr: string): OciMount {
  const given = optStr.split(',').map((o) => o.trim()).filter(Boolean);
  const base = ['nosuid', 'nodev', 'noexec'].filter((o) => !given.includes(o.replace(/^no/, '')));
  return { destination, type: 'tmpfs', source: 'tmpfs', options: [...base, ...given] };
}

/** Docker's default masked and read-only paths (moby oci/defaults.go). Privileged clears both. */
export const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];
export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Sorts mounts so a parent is mounted before what sits inside it (as Docker sorts by depth). */
export function sortMounts(mounts: OciMount[]): OciMount[] {
  const depth = (m: OciMount): number => m.destination.split('/').filter(Boolean).length;
  return mounts.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m) - depth(b.m) || a.i - b.i).map((x) => x.m);
}
