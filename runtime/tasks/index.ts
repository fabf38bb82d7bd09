// Live container processes: TaskManager (crun/runc under conmon), exec, stats, top.
export { TaskManager, type TaskManagerOptions, type CreateTaskOptions } from './task-manager';
export { taskPaths, type TaskPaths } from './task-paths';
export type { TaskExit } from './exit-status';
export type { StatsSample } from './stats';
export type { TopResult } from './top';
export type { ExecHandle } from './exec';
export type { AttachStreams } from './attach';
