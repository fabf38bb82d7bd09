export type * from './input';
export type { UpOptions, DownOptions, UpFlags, RecreateStrategy } from './options';
export { upOptions, downOptions } from './options';
export { reconcile } from './reconcile';
export { reconcileDown } from './down';
export { fromComposeTree, canonicalService, durationSeconds } from './from-compose';
export type { FromComposeOptions } from './from-compose';
export { containerName, oneOffContainerName, replacementName, defaultImageName, resourceName } from './naming';
export { dependencyOrder } from './service-order';
