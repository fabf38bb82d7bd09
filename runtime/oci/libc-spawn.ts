// glibc's posix_spawn and the calls around it, through koffi. Why not child_process.spawn: libuv
// fork()s the whole engine (50-75 MB of page tables copied, 2.0-2.3 ms of event loop blocked per
// spawn here), where glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK) and takes ~0.5 ms.
// The binding is stateless (a cache of function handles), so one per process is harmless.
import koffi from 'koffi';

export interface LibcSpawn {
  posix_spawn(pid: number[], path: string, fa: Buffer, attr: Buffer, argv: (string | null)[], envp: (string | null)[]): number;
  posix_spawnp(pid: number[], file: string, fa: Buffer, attr: Buffer, argv: (string | null)[], envp: (string | null)[]): number;
  posix_spawn_file_actions_init(fa: Buffer): number;
  posix_spawn_file_actions_destroy(fa: Buffer): number;
  posix_spawn_file_actions_adddup2(fa: Buffer, fd: number, newfd: number): number;
  posix_spawn_file_actions_addopen(fa: Buffer, fd: number, path: string, oflag: number, mode: number): number;
  posix_spawn_file_actions_addchdir_np(fa: Buffer, path: string): number;
  posix_spawn_file_actions_addclosefrom_np(fa: Buffer, from: number): number;
  posix_spawnattr_init(attr: Buffer): number;
  posix_spawnattr_destroy(attr: Buffer): number;
  posix_spawnattr_setflags(attr: Buffer, flags: number): number;
  posix_spawnattr_setsigmask(attr: Buffer, set: Buffer): number;
  posix_spawnattr_setsigdefault(attr: Buffer, set: Buffer): number;
  sigemptyset(set: Buffer): number;
  sigfillset(set: Buffer): number;
  pipe2(fds: Buffer, flags: number): number;
  close(fd: number): number;
  waitpid(pid: number, status: number[], options: number): number;
  syscall_pidfd_open(nr: number, pid: number, flags: number): number;
  syscall_pidfd_send_signal(nr: number, pidfd: number, sig: number, info: null, flags: number): number;
}

// <spawn.h> (glibc), <fcntl.h>, <sys/wait.h> and the x86_64/aarch64 syscall numbers.
export const POSIX_SPAWN_SETSIGDEF = 0x04;
export const POSIX_SPAWN_SETSIGMASK = 0x08;
export const POSIX_SPAWN_SETSID = 0x80;
export const O_RDWR = 0o2;
export const O_CLOEXEC = 0o2000000;
export const WNOHANG = 1;
export const SYS_PIDFD_OPEN = 434;
export const SYS_PIDFD_SEND_SIGNAL = 424;
/** glibc's posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128: room to spare. */
export const ATTR_BYTES = 512;
export const FA_BYTES = 256;
export const SIGSET_BYTES = 256;

let cached: LibcSpawn | null | undefined;

/** The binding, or null where koffi or these symbols are missing (the caller falls back to node's spawn). */
export function libcSpawn(): LibcSpawn | null {
  if (cached !== undefined) return cached;
  try {
    const lib = koffi.load('libc.so.6');
    cached = {
      posix_spawn: lib.func('int posix_spawn(_Out_ int *pid, const char *path, void *fa, void *attr, const char **argv, const char **envp)'),
      posix_spawnp: lib.func('int posix_spawnp(_Out_ int *pid, const char *file, void *fa, void *attr, const char **argv, const char **envp)'),
      posix_spawn_file_actions_init: lib.func('int posix_spawn_file_actions_init(void *fa)'),
      posix_spawn_file_actions_destroy: lib.func('int posix_spawn_file_actions_destroy(void *fa)'),
      posix_spawn_file_actions_adddup2: lib.func('int posix_spawn_file_actions_adddup2(void *fa, int fd, int newfd)'),
      posix_spawn_file_actions_addopen: lib.func('int posix_spawn_file_actions_addopen(void *fa, int fd, const char *path, int oflag, uint32_t mode)'),
      posix_spawn_file_actions_addchdir_np: lib.func('int posix_spawn_file_actions_addchdir_np(void *fa, const char *path)'),
      posix_spawn_file_actions_addclosefrom_np: lib.func('int posix_spawn_file_actions_addclosefrom_np(void *fa, int from)'),
      posix_spawnattr_init: lib.func('int posix_spawnattr_init(void *attr)'),
      posix_spawnattr_destroy: lib.func('int posix_spawnattr_destroy(void *attr)'),
      posix_spawnattr_setflags: lib.func('int posix_spawnattr_setflags(void *attr, short flags)'),
      posix_spawnattr_setsigmask: lib.func('int posix_spawnattr_setsigmask(void *attr, void *set)'),
      posix_spawnattr_setsigdefault: lib.func('int posix_spawnattr_setsigdefault(void *attr, void *set)'),
      sigemptyset: lib.func('int sigemptyset(void *set)'),
      sigfillset: lib.func('int sigfillset(void *set)'),
      pipe2: lib.func('int pipe2(void *fds, int flags)'),
      close: lib.func('int close(int fd)'),
      waitpid: lib.func('int waitpid(int pid, _Out_ int *status, int options)'),
      syscall_pidfd_open: lib.func('long syscall(long nr, int pid, unsigned int flags)'),
      syscall_pidfd_send_signal: lib.func('long syscall(long nr, int pidfd, int sig, void *info, unsigned int flags)'),
    } as unknown as LibcSpawn;
  } catch {
    cached = null;
  }
  return cached;
}

/** The last errno of this thread (koffi keeps it across its calls). */
export function lastErrno(): number {
  return koffi.errno();
}
