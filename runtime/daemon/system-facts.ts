// What /info reports about this engine: a stable engine id (kept under the root, as dockerd keeps
// engine-id), the cgroup version and the OCI runtimes found on PATH.
import { readFile, access } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../metadata/atomic-file';
import type { SystemFacts } from '../api/backend';

export async function engineId(root: string): Promise<string> {
  const path = join(root, 'engine-id');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const id = randomUUID();
    await writeFileAtomic(path, id + '\n');
    return id;
  }
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(() => true, () => false);
}

export async function findRuntimes(): Promise<Record<string, { path: string }>> {
  const out: Record<string, { path: string }> = {};
  for (const name of ['crun', 'runc']) {
    for (const dir of ['/usr/bin', '/usr/local/bin', '/usr/sbin', '/bin']) {
      if (await exists(join(dir, name))) { out[name] = { path: join(dir, name) }; break; }
    }
  }
  return out;
}

export async function systemFacts(root: string, storageDriver: string): Promise<SystemFacts> {
  const runtimes = await findRuntimes();
  const v2 = await exists('/sys/fs/cgroup/cgroup.controllers');
  return {
    id: await engineId(root), name: hostname(), rootDir: root, storageDriver,
    cgroupVersion: v2 ? '2' : '1', cgroupDriver: 'cgroupfs',
    defaultRuntime: 'crun' in runtimes ? 'crun' : 'runc', runtimes,
    initBinary: 'catatonit', securityOptions: ['name=seccomp,profile=builtin'],
  };
}
