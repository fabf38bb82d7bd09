// runtime/fsafe: file operations on a container's root that never leave it. A SafeRoot holds
// the root as an fd; paths resolve with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so
// absolute symlinks, ".." and links planted by a running container stay inside; entry ops
// (entries.ts) act on one name in a directory fd and never follow a link at it. docker cp in
// and out and volume copy-up use it; a watch sync builds on it.
export { createFsafeSyscalls } from './libc';
export type { FsafeSyscalls } from './libc';
export { O_PATH, O_DIRECTORY, O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW } from './libc';
export { SafeRoot, splitPath, openEntryAt } from './root';
export type { DirEntryRef } from './root';
export { statAt, setMetadataAt, removeAt, removeAtSliced, writeFileAt, listDir, fdPath } from './entries';
export type { EntryMeta } from './entries';
export { readRegularFile } from './read-file';
