// Docker's default seccomp profile (moby profiles/seccomp/default.json), kept as data in our own
// compact shape: an allow-list of syscalls, then rules that apply only with certain capabilities
// or architectures. `seccomp.ts` turns it into an OCI `linux.seccomp` for one container.

export interface SeccompArgRule {
  index: number;
  value: number;
  op: 'SCMP_CMP_NE' | 'SCMP_CMP_EQ' | 'SCMP_CMP_MASKED_EQ';
}

export interface SeccompRule {
  names: string[];
  action: 'SCMP_ACT_ALLOW' | 'SCMP_ACT_ERRNO';
  errnoRet?: number;
  args?: SeccompArgRule[];
  /** Applies only when the container holds one of these capabilities. */
  ifCaps?: string[];
  /** Applies only when the container holds none of these capabilities. */
  unlessCaps?: string[];
  /** Applies only on these Docker arch names (amd64, x86, x32, arm64, arm, s390x, ...). */
  ifArches?: string[];
  unlessArches?: string[];
  /** Applies only from this kernel version on ("4.8"). */
  minKernel?: string;
}

const ALWAYS_ALLOWED = `accept accept4 access adjtimex alarm bind brk capget capset chdir chmod chown chown32
clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64
clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3
epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old
eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate
fanotify_mark fchdir fchmod fchmodat fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr
flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate
ftruncate64 futex futex_time64 futex_waitv futimesat getcpu getcwd getdents getdents64 getegid
getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid
getpgrp getpid getppid getpriority getrandom getresgid getresgid32 getresuid getresuid32 getrlimit
get_robust_list getrusage getsid getsockname getsockopt get_thread_area gettid gettimeofday getuid
getuid32 getxattr inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl
io_destroy io_getevents io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit
io_uring_enter io_uring_register io_uring_setup ipc kill landlock_add_rule landlock_create_ruleset
landlock_restrict_self lchown lchown32 lgetxattr link linkat listen listxattr llistxattr _llseek
lremovexattr lseek lsetxattr lstat lstat64 madvise membarrier memfd_create memfd_secret mincore mkdir
mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open
mq_timedreceive mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap msgctl
msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat
_newselect open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2 pkey_alloc pkey_free
pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2 prlimit64 process_mrelease
pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead readlink readlinkat readv recv
recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr rename renameat renameat2
restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn
rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity
sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min sched_getscheduler
sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam
sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop semtimedop_time64 send
sendfile sendfile64 sendmmsg sendmsg sendto setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32
setgroups setgroups32 setitimer setpgid setpriority setregid setregid32 setresgid setresgid32
setresuid setresuid32 setreuid setreuid32 setrlimit set_robust_list setsid setsockopt set_thread_area
set_tid_address setuid setuid32 setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd
signalfd4 sigprocmask sigreturn socketcall socketpair splice stat stat64 statfs statfs64 statx symlink
symlinkat sync sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete
timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64 timerfd_create
timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill truncate truncate64
ugetrlimit umask uname unlink unlinkat utime utimensat utimensat_time64 utimes vfork vmsplice wait4
waitid waitpid write writev`;

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);
const allow = (names: string, extra: Omit<SeccompRule, 'names' | 'action'> = {}): SeccompRule =>
  ({ names: words(names), action: 'SCMP_ACT_ALLOW', ...extra });
const personality = (value: number): SeccompRule =>
  allow('personality', { args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] });
// CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWCGROUP:
// without CAP_SYS_ADMIN, clone may not create namespaces (the masked bits must be zero).
const CLONE_NS_MASK = 2114060288;

export const DOCKER_DEFAULT_SECCOMP = {
  defaultAction: 'SCMP_ACT_ERRNO' as const,
  defaultErrnoRet: 1,
  rules: [
    allow(ALWAYS_ALLOWED),
    allow('process_vm_readv process_vm_writev ptrace', { minKernel: '4.8' }),
    // AF_VSOCK (40) sockets stay blocked.
    allow('socket', { args: [{ index: 0, value: 40, op: 'SCMP_CMP_NE' }] }),
    personality(0), personality(8), personality(131072), personality(131080), personality(4294967295),
    allow('sync_file_range2 swapcontext', { ifArches: ['ppc64le'] }),
    allow('arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls', { ifArches: ['arm', 'arm64'] }),
    allow('arch_prctl', { ifArches: ['amd64', 'x32'] }),
    allow('modify_ldt', { ifArches: ['amd64', 'x32', 'x86'] }),
    allow('s390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr', { ifArches: ['s390', 's390x'] }),
    allow('riscv_flush_icache', { ifArches: ['riscv64'] }),
    allow('open_by_handle_at', { ifCaps: ['CAP_DAC_READ_SEARCH'] }),
    allow(`bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount mount_setattr
      move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname setns syslog
      umount umount2 unshare`, { ifCaps: ['CAP_SYS_ADMIN'] }),
    allow('clone', { args: [{ index: 0, value: CLONE_NS_MASK, op: 'SCMP_CMP_MASKED_EQ' }], unlessCaps: ['CAP_SYS_ADMIN'], unlessArches: ['s390', 's390x'] }),
    allow('clone', { args: [{ index: 1, value: CLONE_NS_MASK, op: 'SCMP_CMP_MASKED_EQ' }], ifArches: ['s390', 's390x'], unlessCaps: ['CAP_SYS_ADMIN'] }),
    // ENOSYS, so glibc falls back to clone(2), which the rule above can inspect.
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, unlessCaps: ['CAP_SYS_ADMIN'] },
    allow('reboot', { ifCaps: ['CAP_SYS_BOOT'] }),
    allow('chroot', { ifCaps: ['CAP_SYS_CHROOT'] }),
    allow('delete_module init_module finit_module', { ifCaps: ['CAP_SYS_MODULE'] }),
    allow('acct', { ifCaps: ['CAP_SYS_PACCT'] }),
    allow('kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace', { ifCaps: ['CAP_SYS_PTRACE'] }),
    allow('iopl ioperm', { ifCaps: ['CAP_SYS_RAWIO'] }),
    allow('settimeofday stime clock_settime clock_settime64', { ifCaps: ['CAP_SYS_TIME'] }),
    allow('vhangup', { ifCaps: ['CAP_SYS_TTY_CONFIG'] }),
    allow('get_mempolicy mbind set_mempolicy set_mempolicy_home_node', { ifCaps: ['CAP_SYS_NICE'] }),
    allow('syslog', { ifCaps: ['CAP_SYSLOG'] }),
    allow('bpf', { ifCaps: ['CAP_BPF'] }),
    allow('perf_event_open', { ifCaps: ['CAP_PERFMON'] }),
  ] as SeccompRule[],
};
