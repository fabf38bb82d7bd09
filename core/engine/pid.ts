// The daemon's pid file, read from the CLI side (`berth engine stop|status`). The format is
// runtime/daemon/pid-file.ts's: pid on the first line, socket path on the second.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export async function readEnginePid(root: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(root, 'berthd.pid'), 'utf8')).split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return (await isEngine(pid)) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Only a process whose argv is `... engine daemon ...` counts: a reused pid is left alone. */
async function isEngine(pid: number): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv.includes('engine') && argv.includes('daemon');
  } catch {
    return false;
  }
}

/** SIGTERM, then wait for the process to go (SIGKILL after `graceMs`). True when it is gone. */
export async function stopEngineProcess(pid: number, graceMs = 10_000): Promise<boolean> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await delay(20);
  }
  process.kill(pid, 'SIGKILL');
  await delay(100);
  return !alive(pid);
}

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
