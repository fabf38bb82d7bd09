// Reads a container's cgroup files for stats and OOM, on cgroup v1 (this host: one hierarchy per
// controller) and v2 (one unified tree). `cgroupsPath` is what config.json set, e.g. /berth/<id>.
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';

export interface CgroupReader {
  version: 1 | 2;
  /** Reads <controller>/<cgroupsPath>/<file> (v1) or <cgroupsPath>/<file> (v2); undefined if absent. */
  read(controller: string, file: string): Promise<string | undefined>;
}

export async function cgroupReader(cgroupsPath: string, root = '/sys/fs/cgroup'): Promise<CgroupReader> {
  const v2 = await access(join(root, 'cgroup.controllers')).then(() => true, () => false);
  const path = (controller: string, file: string): string =>
    v2 ? join(root, cgroupsPath, file) : join(root, controller, cgroupsPath, file);
  return {
    version: v2 ? 2 : 1,
    read: (controller, file) => readFile(path(controller, file), 'utf8').then((t) => t, () => undefined),
  };
}

/** "key value" lines (memory.stat, cpu.stat, memory.events, memory.oom_control) → numbers. */
export function parseKeyValues(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined && /^-?\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

/** How many times the kernel's OOM killer fired in this cgroup (0 if unknown). */
export async function oomKillCount(cg: CgroupReader): Promise<number> {
  const file = cg.version === 2 ? 'memory.events' : 'memory.oom_control';
  return parseKeyValues(await cg.read('memory', file)).oom_kill ?? 0;
}
