// The few Linux system calls Node lacks, called from libc through koffi: mount(2), umount2(2),
// mknod(2) (overlay whiteouts are char 0:0 devices), and the l*xattr family (opaque directories,
// security.capability, and copying xattrs in the native snapshotter). Node already has lchown,
// lutimes, chmod, link and symlink, so those are not bound here.
import koffi from 'koffi';
import { constants } from 'node:os';

export interface Syscalls {
  mount(source: string, target: string, fstype: string | null, flags: number, data: string | null): void;
  umount2(target: string, flags: number): void;
  /** mount(2) on a worker thread, as umount2Async: resolves with the return code (no errno). */
  mountAsync(source: string, target: string, fstype: string | null, flags: number, data: string | null): Promise<number>;
  /**
   * umount2(2) on one of libuv's worker threads (koffi's `fn.async`), so the loop is free while
   * the kernel detaches (~5 ms a release here). Resolves with the return code: errno lives on
   * the worker thread and is not carried back, so a caller that needs it asks again in sync.
   */
  umount2Async(target: string, flags: number): Promise<number>;
  mknod(path: string, mode: number, dev: number): void;
  lsetxattr(path: string, name: string, value: Buffer, flags?: number): void;
  /** Undefined when the attribute is absent (ENODATA). */
  lgetxattr(path: string, name: string): Buffer | undefined;
  llistxattr(path: string): string[];
  /**
   * Starts writeback of bytes written to `fd` (sync_file_range(2), SYNC_FILE_RANGE_WRITE) and
   * returns without waiting for it: a later fsync then has little left to write. Best effort.
   */
  startWriteback(fd: number, offset: number, length: number): void;
}

/** An Error carrying the errno name in `code`, as Node's fs errors do. */
export class SyscallError extends Error {
  readonly code: string;
  readonly errno: number;
  constructor(call: string, path: string, errno: number) {
    const name = errnoName(errno);
    super(`${call} ${path}: ${name} (errno ${errno})`);
    this.name = 'SyscallError';
    this.code = name;
    this.errno = errno;
  }
}

function errnoName(n: number): string {
  for (const [name, value] of Object.entries(constants.errno)) if (value === n) return name;
  return `E${n}`;
}

export const MNT_DETACH = 2;
export const MNT_FORCE = 1;
export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;
export const S_IFIFO = 0o010000;

/** glibc's makedev: the 64-bit dev_t layout, kept below 2^53 for the majors/minors we meet. */
export function makedev(major: number, minor: number): number {
  const lo = (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
  return (lo >>> 0) + (major >>> 12) * 2 ** 32;
}

/** Binds libc. Cheap (dlopen is cached by the loader), so each owner may make its own. */
const SYNC_FILE_RANGE_WRITE = 2;

export function createSyscalls(): Syscalls {
  const lib = koffi.load('libc.so.6');
  const mount = lib.func('int mount(const char *src, const char *tgt, const char *fstype, unsigned long flags, const char *data)');
  const umount2 = lib.func('int umount2(const char *tgt, int flags)');
  const mknod = lib.func('int mknod(const char *path, uint32_t mode, uint64_t dev)');
  const lsetxattr = lib.func('int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)');
  const lgetxattr = lib.func('intptr_t lgetxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)');
  const llistxattr = lib.func('intptr_t llistxattr(const char *path, _Out_ uint8_t *list, size_t size)');
  const syncFileRange = lib.func('int sync_file_range(int fd, int64_t offset, int64_t nbytes, unsigned int flags)');
  const check = (rc: number | bigint, call: string, path: string): number => {
    const n = Number(rc);
    if (n < 0) throw new SyscallError(call, path, koffi.errno());
    return n;
  };
  return {
    mount: (src, tgt, fstype, flags, data) => { check(mount(src, tgt, fstype, flags, data), 'mount', tgt); },
    umount2: (tgt, flags) => { check(umount2(tgt, flags), 'umount2', tgt); },
    mountAsync: (src, tgt, fstype, flags, data) => new Promise<number>((resolve, reject) => {
      mount.async(src, tgt, fstype, flags, data, (err: unknown, rc: number) => (err ? reject(err as Error) : resolve(rc)));
    }),
    umount2Async: (tgt, flags) => new Promise<number>((resolve, reject) => {
      umount2.async(tgt, flags, (err: unknown, rc: number) => (err ? reject(err as Error) : resolve(rc)));
    }),
    mknod: (path, mode, dev) => { check(mknod(path, mode, dev), 'mknod', path); },
    lsetxattr: (path, name, value, flags = 0) => { check(lsetxattr(path, name, value, value.length, flags), 'lsetxattr', path); },
    lgetxattr: (path, name) => {
      const buf = Buffer.alloc(65536);
      const n = Number(lgetxattr(path, name, buf, buf.length));
      if (n < 0) {
        const e = koffi.errno();
        if (e === constants.errno.ENODATA) return undefined;
        throw new SyscallError('lgetxattr', path, e);
      }
      return Buffer.from(buf.subarray(0, n));
    },
    llistxattr: (path) => {
      const buf = Buffer.alloc(65536);
      const n = check(llistxattr(path, buf, buf.length), 'llistxattr', path);
      return buf.subarray(0, n).toString('latin1').split('\0').filter((s) => s.length > 0);
    },
    startWriteback: (fd, offset, length) => { syncFileRange(fd, offset, length, SYNC_FILE_RANGE_WRITE); },
  };
}
