// One posix_spawn call with its file actions and attributes: pipes made with O_CLOEXEC (only the
// dup2'd copies reach the child), every other fd closed from the first unused one (glibc's
// closefrom_np, so an fd of ours that lacks CLOEXEC cannot leak into a monitor that outlives us),
// the signal mask emptied and every signal reset to its default: node ignores SIGPIPE and blocks
// nothing a child should inherit, as libuv's own fork path resets them too.
import { EngineError } from '../errors';
import { constants as osConstants } from 'node:os';
import {
  lastErrno, ATTR_BYTES, FA_BYTES, SIGSET_BYTES, O_CLOEXEC, O_RDWR,
  POSIX_SPAWN_SETSID, POSIX_SPAWN_SETSIGDEF, POSIX_SPAWN_SETSIGMASK, type LibcSpawn,
} from './libc-spawn';

/** 'pipe': the child writes, we read (fd 0: the other way); 'pipe-in': the child reads what we write. */
export type StdioSpec = 'pipe' | 'pipe-in' | 'ignore' | number;

export interface SpawnCallOptions {
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdio: StdioSpec[];
  setsid?: boolean;
}

interface Pipes { child: (number | undefined)[]; parent: (number | undefined)[] }

function makePipes(libc: LibcSpawn, stdio: StdioSpec[]): Pipes {
  const p: Pipes = { child: [], parent: [] };
  try {
    stdio.forEach((s, i) => {
      if (s !== 'pipe' && s !== 'pipe-in') return;
      const fds = Buffer.alloc(8);
      if (libc.pipe2(fds, O_CLOEXEC) < 0) throw errnoError('pipe2', lastErrno());
      const [r, w] = [fds.readInt32LE(0), fds.readInt32LE(4)];
      // Child fd 0 reads what we write; every other pipe carries the child's output to us.
      const childReads = i === 0 || s === 'pipe-in';
      p.child[i] = childReads ? r : w;
      p.parent[i] = childReads ? w : r;
    });
  } catch (err) {
    closeAll(libc, [...p.child, ...p.parent]);
    throw err;
  }
  return p;
}

function fileActions(libc: LibcSpawn, o: SpawnCallOptions, pipes: Pipes): Buffer {
  const fa = Buffer.alloc(FA_BYTES);
  libc.posix_spawn_file_actions_init(fa);
  if (o.cwd) libc.posix_spawn_file_actions_addchdir_np(fa, o.cwd);
  o.stdio.forEach((s, i) => {
    if (s === 'ignore') libc.posix_spawn_file_actions_addopen(fa, i, '/dev/null', O_RDWR, 0);
    else libc.posix_spawn_file_actions_adddup2(fa, typeof s === 'number' ? s : (pipes.child[i] as number), i);
  });
  libc.posix_spawn_file_actions_addclosefrom_np(fa, o.stdio.length);
  return fa;
}

function attributes(libc: LibcSpawn, setsid: boolean): Buffer {
  const attr = Buffer.alloc(ATTR_BYTES);
  libc.posix_spawnattr_init(attr);
  const none = Buffer.alloc(SIGSET_BYTES);
  const all = Buffer.alloc(SIGSET_BYTES);
  libc.sigemptyset(none);
  libc.sigfillset(all);
  libc.posix_spawnattr_setsigmask(attr, none);
  libc.posix_spawnattr_setsigdefault(attr, all);
  libc.posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (setsid ? POSIX_SPAWN_SETSID : 0));
  return attr;
}

function envList(env: NodeJS.ProcessEnv): (string | null)[] {
  const out: (string | null)[] = [];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out.push(`${k}=${v}`);
  out.push(null);
  return out;
}

/** Spawns `file` (searched in PATH when it has no slash, as execvp); returns the pid and our pipe ends. */
export function posixSpawn(libc: LibcSpawn, file: string, o: SpawnCallOptions): { pid: number; parentFds: (number | undefined)[] } {
  const pipes = makePipes(libc, o.stdio);
  const fa = fileActions(libc, o, pipes);
  const attr = attributes(libc, !!o.setsid);
  const pid = [0];
  try {
    const call = file.includes('/') ? libc.posix_spawn : libc.posix_spawnp;
    const rc = call(pid, file, fa, attr, [file, ...o.args, null], envList(o.env ?? process.env));
    if (rc !== 0) {
      closeAll(libc, pipes.parent);
      throw errnoError(`spawn ${file}`, rc);
    }
    return { pid: pid[0] as number, parentFds: pipes.parent };
  } finally {
    libc.posix_spawn_file_actions_destroy(fa);
    libc.posix_spawnattr_destroy(attr);
    closeAll(libc, pipes.child);
  }
}

function closeAll(libc: LibcSpawn, fds: (number | undefined)[]): void {
  for (const fd of fds) if (fd !== undefined) libc.close(fd);
}

function errnoError(what: string, errno: number): EngineError {
  const name = Object.entries(osConstants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
  const code = name === 'ENOENT' || name === 'ENOTDIR' ? 'NOT_FOUND' : name === 'EACCES' ? 'FAILED_PRECONDITION' : 'UNAVAILABLE';
  const cause = Object.assign(new Error(`${what}: ${name}`), { code: name, errno, syscall: 'posix_spawn' });
  return new EngineError(code, `${what}: ${name}`, { cause });
}
