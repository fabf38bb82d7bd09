// The *at system calls Node lacks, bound from libc through koffi as runtime/mount/syscalls.ts
// does. They let every file operation on a container's root start from a directory fd and a
// single name, so no path is ever re-resolved on the host: openat2 (syscall 437, no glibc
// wrapper on Debian 12, so through syscall(2)), openat, mkdirat, unlinkat, symlinkat, linkat,
// readlinkat, fchownat, utimensat and mknodat. Each throws SyscallError (errno name in `code`).
import koffi from 'koffi';
import { SyscallError } from '../mount/syscalls';

export const SYS_openat2 = 437;
export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_EMPTY_PATH = 0x1000;
// open(2) flags: same values on x86_64 and arm64 for these (O_DIRECTORY/O_NOFOLLOW differ, and
// come from here only for x86_64 and arm64, the two architectures Berth ships for).
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const O_PATH = 0o10000000;
const ARM = process.arch === 'arm64';
export const O_DIRECTORY = ARM ? 0o40000 : 0o200000;
export const O_NOFOLLOW = ARM ? 0o100000 : 0o400000;
// openat2's resolve flags (linux/openat2.h).
export const RESOLVE_NO_XDEV = 0x01;
export const RESOLVE_NO_MAGICLINKS = 0x02;
export const RESOLVE_NO_SYMLINKS = 0x04;
export const RESOLVE_BENEATH = 0x08;
export const RESOLVE_IN_ROOT = 0x10;

export interface FsafeSyscalls {
  openat2(dirfd: number, path: string, flags: number, mode: number, resolve: number): number;
  openat(dirfd: number, path: string, flags: number, mode: number): number;
  mkdirat(dirfd: number, path: string, mode: number): void;
  unlinkat(dirfd: number, path: string, flags: number): void;
  symlinkat(target: string, dirfd: number, path: string): void;
  linkat(olddirfd: number, oldpath: string, newdirfd: number, newpath: string, flags: number): void;
  readlinkat(dirfd: number, path: string): string;
  fchownat(dirfd: number, path: string, uid: number, gid: number, flags: number): void;
  /** Access and modification time both set to `mtime`. */
  utimensat(dirfd: number, path: string, mtime: Date, flags: number): void;
  mknodat(dirfd: number, path: string, mode: number, dev: number): void;
}

/** Binds libc (dlopen is cached by the loader, so each owner may make its own). */
export function createFsafeSyscalls(): FsafeSyscalls {
  const lib = koffi.load('libc.so.6');
  // syscall(2) is variadic, but glibc's is assembly that only moves registers (x86_64 and arm64),
  // so a fixed prototype is the same call, without koffi preparing a variadic call each time
  // (best of 7000 calls under --lite-mode, open+close included: 9.1 -> 5.9 us).
  const openat2 = lib.func('long syscall(long number, int dirfd, const char *path, _Inout_ void *how, size_t size)');
  const howBuf = Buffer.alloc(24);
  const openat = lib.func('int openat(int dirfd, const char *path, int flags, ...)');
  const mkdirat = lib.func('int mkdirat(int dirfd, const char *path, uint32_t mode)');
  const unlinkat = lib.func('int unlinkat(int dirfd, const char *path, int flags)');
  const symlinkat = lib.func('int symlinkat(const char *target, int dirfd, const char *path)');
  const linkat = lib.func('int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)');
  const readlinkat = lib.func('intptr_t readlinkat(int dirfd, const char *path, _Out_ uint8_t *buf, size_t size)');
  const fchownat = lib.func('int fchownat(int dirfd, const char *path, uint32_t uid, uint32_t gid, int flags)');
  const utimensat = lib.func('int utimensat(int dirfd, const char *path, const void *times, int flags)');
  const mknodat = lib.func('int mknodat(int dirfd, const char *path, uint32_t mode, uint64_t dev)');
  const check = (rc: number | bigint, call: string, path: string): number => {
    const n = Number(rc);
    if (n < 0) throw new SyscallError(call, path, koffi.errno());
    return n;
  };
  // struct timespec[2] (atime, mtime), 64-bit time_t and long on both architectures.
  const timesBuf = (mtime: Date): Buffer => {
    const ms = mtime.getTime();
    const sec = Math.floor(ms / 1000);
    const buf = Buffer.alloc(32);
    for (const off of [0, 16]) {
      buf.writeBigInt64LE(BigInt(sec), off);
      buf.writeBigInt64LE(BigInt((ms - sec * 1000) * 1e6), off + 8);
    }
    return buf;
  };
  return {
    openat2: (dirfd, path, flags, mode, resolve) => {
      // struct open_how { u64 flags, mode, resolve }, little-endian on both architectures
      howBuf.writeBigUInt64LE(BigInt(flags), 0);
      howBuf.writeBigUInt64LE(BigInt(mode), 8);
      howBuf.writeBigUInt64LE(BigInt(resolve), 16);
      return check(openat2(SYS_openat2, dirfd, path, howBuf, howBuf.length), 'openat2', path);
    },
    openat: (dirfd, path, flags, mode) => check(openat(dirfd, path, flags, 'uint32_t', mode), 'openat', path),
    mkdirat: (dirfd, path, mode) => { check(mkdirat(dirfd, path, mode), 'mkdirat', path); },
    unlinkat: (dirfd, path, flags) => { check(unlinkat(dirfd, path, flags), 'unlinkat', path); },
    symlinkat: (target, dirfd, path) => { check(symlinkat(target, dirfd, path), 'symlinkat', path); },
    linkat: (od, op, nd, np, flags) => { check(linkat(od, op, nd, np, flags), 'linkat', np); },
    readlinkat: (dirfd, path) => {
      const buf = Buffer.alloc(4097);
      const n = check(readlinkat(dirfd, path, buf, buf.length), 'readlinkat', path);
      return buf.subarray(0, n).toString();
    },
    fchownat: (dirfd, path, uid, gid, flags) => { check(fchownat(dirfd, path, uid, gid, flags), 'fchownat', path); },
    utimensat: (dirfd, path, mtime, flags) => { check(utimensat(dirfd, path, timesBuf(mtime), flags), 'utimensat', path); },
    mknodat: (dirfd, path, mode, dev) => { check(mknodat(dirfd, path, mode, dev), 'mknodat', path); },
  };
}
