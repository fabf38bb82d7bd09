// Signals a container's init process without spawning the runtime (`crun kill` costs a process:
// ~8 ms from spawn to signal here). Race-free as crun itself does it: read the pid and its start
// time from the runtime's state file, open a pidfd on the pid, then check /proc/<pid>/stat still
// shows that start time. The pidfd pins the process it was opened on, so if the check passes after
// the open, the signal cannot reach a process that reused the pid. Anything unusual (unknown signal
// name, no state file, start time mismatch, process gone) answers false: the caller then asks the
// runtime, which gives the runtime's own answer and error.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants as osConstants } from 'node:os';
import { SYS_PIDFD_OPEN, SYS_PIDFD_SEND_SIGNAL, type LibcSpawn } from './libc-spawn';

export interface InitProcess { pid: number; startTime: number }

/** SIGTERM, TERM, 15, SIGRTMIN+3 / RTMIN+3 (as `crun kill` and `docker kill -s` accept), else undefined. */
export function signalNumber(signal: string): number | undefined {
  const s = signal.trim().toUpperCase();
  if (/^\d+$/.test(s)) { const n = Number(s); return n > 0 && n < 65 ? n : undefined; }
  const name = s.startsWith('SIG') ? s : `SIG${s}`;
  const rt = /^SIGRT(MIN|MAX)([+-]\d+)?$/.exec(name);
  // glibc's SIGRTMIN is 34 (two real-time signals are kept for threads), SIGRTMAX 64.
  if (rt) { const n = (rt[1] === 'MIN' ? 34 : 64) + Number(rt[2] ?? 0); return n >= 34 && n <= 64 ? n : undefined; }
  return (osConstants.signals as Record<string, number | undefined>)[name];
}

/** The init pid and start time the runtime recorded: crun's <root>/<id>/status, runc's state.json. */
export async function readInitProcess(root: string, id: string, runtime: 'crun' | 'runc'): Promise<InitProcess | undefined> {
  const file = join(root, id, runtime === 'crun' ? 'status' : 'state.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const pid = Number(runtime === 'crun' ? j.pid : j.init_process_pid);
    const startTime = Number(runtime === 'crun' ? j['process-start-time'] : j.init_process_start);
    return pid > 0 && Number.isFinite(startTime) ? { pid, startTime } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Field 22 of /proc/<pid>/stat (clock ticks after boot), read after the command's closing paren;
 * undefined for a process that is gone or a zombie (exited, not yet reaped: the runtime reports
 * it stopped, so it is not ours to signal).
 */
export async function processStartTime(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  // Fields after the comm start at field 3 (state): starttime, field 22, is index 19.
  const v = Number(fields[19]);
  return Number.isFinite(v) ? v : undefined;
}

/** Sends `signo` to `proc` through a pidfd, verified against its start time; false when it could not. */
export async function signalVerified(libc: LibcSpawn, proc: InitProcess, signo: number): Promise<boolean> {
  const fd = libc.syscall_pidfd_open(SYS_PIDFD_OPEN, proc.pid, 0);
  if (fd < 0) return false;
  try {
    if ((await processStartTime(proc.pid)) !== proc.startTime) return false;
    return libc.syscall_pidfd_send_signal(SYS_PIDFD_SEND_SIGNAL, fd, signo, null, 0) === 0;
  } finally {
    libc.close(fd);
  }
}
