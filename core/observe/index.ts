export * from './labels';
export { normalizeImageRef } from './image-ref';
export type * from './observed-state';
export { emptyObservedState } from './observed-state';
export type { EngineListing, WantedNames } from './observe';
export { observeProject, toObservedContainer } from './observe';
