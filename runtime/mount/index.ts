// runtime/mount: the one place that calls mount(2) and friends.
//   createSyscalls() → Syscalls (mount, umount2, mknod, lsetxattr, lgetxattr, llistxattr via koffi)
//   mountAll(sys, mounts, target), unmountAll(sys, target, {detach?}); mountAllAsync and
//   unmountAllAsync make the syscalls on a worker thread (the loop stays free)
//   mountsUnder(prefix) reads /proc/self/mountinfo
export type { Mount } from './types';
export { createSyscalls, SyscallError, makedev, MNT_DETACH, MNT_FORCE, S_IFCHR, S_IFBLK, S_IFIFO } from './syscalls';
export type { Syscalls } from './syscalls';
export { mountAll, mountAllAsync, unmountAll, unmountAllAsync } from './mount';
export { parseMountOptions, MS } from './options';
export { compactOverlayData, MOUNT_DATA_LIMIT } from './overlay-lowerdir';
export { mountsUnder, parseMountInfo } from './mountinfo';
export type { MountInfo } from './mountinfo';
