// A task's end, as conmon records it: exitDir/<id> holds the exit code (128+signal when killed by
// a signal), its mtime is when it ended; an `oom` file in the persist dir or bundle marks an OOM kill.
import { readFile, rm, stat } from 'node:fs/promises';
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { TaskPaths } from './task-paths';

export interface TaskExit {
  exitCode: number;
  oomKilled: boolean;
  finishedAt: Date;
  /** Why the exit status is not the process's own (its monitor died before writing one). */
  error?: string;
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

export async function readExit(paths: TaskPaths, id: string): Promise<TaskExit | undefined> {
  const file = join(paths.exitDir, id);
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch { return undefined; }
  if (!text.trim()) return undefined; // conmon is still writing it
  // Three independent look-ups, side by side (each a trip through libuv's two-thread pool).
  const [st, oomPersist, oomBundle] = await Promise.all([stat(file), exists(join(paths.persistDir, 'oom')), exists(join(paths.bundle, 'oom'))]);
  return { exitCode: parseInt(text.trim(), 10), oomKilled: oomPersist || oomBundle, finishedAt: st.mtime };
}

/** Resolves after a change in `dir`, `ms` milliseconds, or an abort, whichever comes first. */
function changeOrTimeout(dir: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let w: FSWatcher | undefined;
    const finish = (): void => { clearTimeout(t); w?.close(); signal?.removeEventListener('abort', finish); resolve(); };
    const t = setTimeout(finish, ms);
    try { w = fsWatch(dir, finish); w.on('error', finish); } catch { /* dir gone: the timeout polls */ }
    signal?.addEventListener('abort', finish, { once: true });
  });
}

/**
 * Resolves when conmon writes the exit file: inotify on the exit dir, with a poll as safety net.
 * `monitorGone`, asked at each poll, ends the wait when the monitor died without writing one
 * (the file is read once more after, since conmon writes it just before it exits).
 */
export async function waitExit(paths: TaskPaths, id: string, signal?: AbortSignal, pollMs = 200, monitorGone?: () => Promise<boolean>): Promise<TaskExit> {
  for (;;) {
    const e = await readExit(paths, id);
    if (e) return e;
    signal?.throwIfAborted();
    if (monitorGone && (await monitorGone())) {
      return (await readExit(paths, id)) ?? { exitCode: 255, oomKilled: false, finishedAt: new Date(), error: 'container monitor (conmon) died; exit status unknown' };
    }
    await changeOrTimeout(paths.exitDir, pollMs, signal);
  }
}

/** Removes a task's exit files (a rolled-back start's, which the next start must not read as its own). */
export async function clearExit(paths: TaskPaths, id: string): Promise<void> {
  await Promise.all([join(paths.exitDir, id), join(paths.persistDir, 'oom'), join(paths.persistDir, 'exit'), join(paths.bundle, 'oom')].map((f) => rm(f, { force: true })));
}
