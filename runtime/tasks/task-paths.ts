// Where one task's files live. The bundle dir holds config.json; conmon writes the log, the exit
// file (exitDir/<id>) and, on OOM, an `oom` file in the persist dir; pid files sit beside them.
import { join } from 'node:path';

export interface TaskPaths {
  bundle: string;
  logPath: string;
  exitDir: string;
  persistDir: string;
  pidFile: string;
  conmonPidFile: string;
  socketDir: string;
}

export function taskPaths(dir: string): TaskPaths {
  return {
    bundle: dir,
    logPath: join(dir, 'ctr.log'),
    exitDir: join(dir, 'exits'),
    persistDir: join(dir, 'persist'),
    pidFile: join(dir, 'pid'),
    conmonPidFile: join(dir, 'conmon.pid'),
    socketDir: join(dir, 'sock'),
  };
}
