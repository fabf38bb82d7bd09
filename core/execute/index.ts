export type { ExecutorEngine } from './engine';
export { engineFromClient } from './engine-client';
export { executePlan, ExecuteError, type ExecuteOptions, type ExecuteResult, type OperationFailure } from './executor';
export type { ConfigSource } from './apply';
export { resourceOf, resourceOfEvent, workingText, doneText, type ProgressEvent, type ProgressListener, type ProgressStatus } from './progress';
export { waitForCondition } from './wait-condition';
