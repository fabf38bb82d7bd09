// One engine per state root: `<root>/berthd.pid` holds the pid and the socket path. A pid file
// whose process is gone (or is not a berth engine) is stale and replaced.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../metadata/atomic-file';
import { EngineError } from '../errors';

export interface PidRecord {
  pid: number;
  socketPath: string;
}

export function pidFilePath(root: string): string {
  return join(root, 'berthd.pid');
}

export async function readPidFile(root: string): Promise<PidRecord | undefined> {
  try {
    const [pid, socketPath = ''] = (await readFile(pidFilePath(root), 'utf8')).split('\n');
    const n = Number(pid);
    return Number.isInteger(n) && n > 0 ? { pid: n, socketPath } : undefined;
  } catch {
    return undefined;
  }
}

/** True when `pid` runs and its command line is a berth engine daemon. */
export async function isEngineProcess(pid: number): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv.includes('engine') && argv.includes('daemon');
  } catch {
    return false;
  }
}

export async function claimPidFile(root: string, socketPath: string, pid: number): Promise<void> {
  const prev = await readPidFile(root);
  if (prev && prev.pid !== pid && (await isEngineProcess(prev.pid))) {
    throw new EngineError('ALREADY_EXISTS', `an engine (pid ${prev.pid}) already runs on ${root}`);
  }
  await writeFileAtomic(pidFilePath(root), `${pid}\n${socketPath}\n`);
}

export async function releasePidFile(root: string, pid: number): Promise<void> {
  const cur = await readPidFile(root);
  if (cur?.pid === pid) await rm(pidFilePath(root), { force: true });
}
