// `crun start` without a crun process. What crun's start does (libcrun_container_start and
// libcrun_status_write_exec_fifo): open <state>/exec.fifo for writing (the waiting init holds
// the read end), unlink it (from then on `crun state` reports running), write one byte (the init
// reads it and execs the user's process), then run poststart hooks. We do the same when there
// are no poststart hooks; a missing fifo (already started, gone) or no reader (the init died)
// answers false and the caller runs the real `crun start` for its own answer and error.
import { open, readFile, unlink } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';

/** True when the container's init was released; false when `crun start` must do it. */
export async function startThroughExecFifo(stateDir: string): Promise<boolean> {
  const config = await readFile(join(stateDir, 'config.json'), 'utf8').catch(() => undefined);
  // A conservative text check: any mention of poststart means hooks may run, which crun does.
  if (config === undefined || config.includes('"poststart"')) return false;
  const fifo = join(stateDir, 'exec.fifo');
  // O_NONBLOCK: ENXIO at once when no process holds the read end, instead of blocking forever.
  const fh = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!fh) return false;
  try {
    if (!(await unlink(fifo).then(() => true, () => false))) return false;
    await fh.write(Buffer.alloc(1));
    return true;
  } finally {
    await fh.close();
  }
}
