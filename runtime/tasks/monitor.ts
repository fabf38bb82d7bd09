// Whether a container's monitor (conmon) still runs. conmon writes the exit file and then exits;
// one that is gone without writing it was killed (or crashed), and nothing will ever report the
// container's end: the engine showed it running forever and `stop` waited on it for good.
// conmon double-forks away from the engine (reparented to init), so it is never our zombie; its
// pid is told apart from a later process that reuses the number by its start time
// (/proc/<pid>/stat field 22), read when the watch begins.
import { readFile } from 'node:fs/promises';

export interface MonitorIdentity {
  pid: number;
  /** Clock ticks since boot at which the process started. */
  startTime: string;
}

/** Field 22 (starttime) and field 3 (state) of /proc/<pid>/stat; the name in field 2 may hold spaces. */
function parseStat(text: string): { state: string; startTime: string } | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  return { state: fields[0], startTime: fields[19] };
}

async function statOf(pid: number): Promise<{ state: string; startTime: string } | undefined> {
  return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''));
}

/** The pid in conmon's pid file; undefined while it is not written. */
export async function readMonitorPid(pidFile: string): Promise<number | undefined> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The running process `pid`, or undefined when there is none. With `containerId`, only a
 * process whose argv names that container counts (conmon's `-c <id>`): after an engine restart
 * the pid in the file may have been reused by anything.
 */
export async function identify(pid: number, containerId?: string): Promise<MonitorIdentity | undefined> {
  const st = await statOf(pid);
  if (!st || isDead(st.state)) return undefined;
  if (containerId !== undefined) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!argv.includes(containerId)) return undefined;
  }
  return { pid, startTime: st.startTime };
}

/** The monitor named by conmon's pid file, or undefined when there is no such process. */
export async function readMonitor(pidFile: string, containerId?: string): Promise<MonitorIdentity | undefined> {
  const pid = await readMonitorPid(pidFile);
  return pid === undefined ? undefined : identify(pid, containerId);
}

/** True while that very process runs (not exited, not a zombie, not another process by that pid). */
export async function monitorRuns(m: MonitorIdentity): Promise<boolean> {
  const st = await statOf(m.pid);
  return !!st && !isDead(st.state) && st.startTime === m.startTime;
}

const isDead = (state: string): boolean => state === 'Z' || state === 'X' || state === 'x';
