// Live stdio of a container through conmon's attach socket (bundle/attach, SOCK_SEQPACKET), as
// `podman attach` uses it. Node's net module cannot open SEQPACKET sockets, so the socket is made
// and read through libc (koffi), non-blocking, polled while attached. Each packet from conmon is
// one byte naming the pipe (2 stdout, 3 stderr, as Podman's AttachPipeStdout/Stderr) then data;
// what we write goes to the container's stdin as is.
import koffi from 'koffi';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { EngineError } from '../errors';

const AF_UNIX = 1;
const SOCK_SEQPACKET = 5;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const EAGAIN = 11;
const SHUT_WR = 1;

interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  connect(fd: number, addr: Buffer, len: number): number;
  recv(fd: number, buf: Buffer, len: number, flags: number): number;
  send(fd: number, buf: Buffer, len: number, flags: number): number;
  shutdown(fd: number, how: number): number;
  close(fd: number): number;
}

let libc: Libc | undefined;
function bind(): Libc {
  if (libc) return libc;
  const lib = koffi.load('libc.so.6');
  libc = {
    socket: lib.func('int socket(int, int, int)'),
    connect: lib.func('int connect(int, void *, uint32_t)'),
    recv: lib.func('long recv(int, _Out_ void *, size_t, int)'),
    send: lib.func('long send(int, void *, size_t, int)'),
    shutdown: lib.func('int shutdown(int, int)'),
    close: lib.func('int close(int)'),
  } as unknown as Libc;
  return libc;
}

export interface AttachStreams {
  stdout: PassThrough;
  stderr: PassThrough;
  /** Ending it half-closes the socket: conmon closes the container's stdin (unless told to keep it). */
  stdin: Writable;
  close(): void;
}

/** Connects to <bundle>/attach. The path may exceed 108 bytes, so it goes through /proc/self/fd. */
export function attachConmon(bundle: string, pollMs = 20): AttachStreams {
  const c = bind();
  const fd = c.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw new EngineError('UNAVAILABLE', `attach socket: errno ${koffi.errno()}`);
  const dirFd = openSync(bundle, 'r');
  try {
    const path = `/proc/self/fd/${dirFd}/attach`;
    const addr = Buffer.alloc(110);
    addr.writeUInt16LE(AF_UNIX, 0);
    addr.write(path, 2);
    if (c.connect(fd, addr, 2 + Buffer.byteLength(path) + 1) !== 0) {
      const errno = koffi.errno();
      c.close(fd);
      throw new EngineError('UNAVAILABLE', `attach to ${join(bundle, 'attach')}: errno ${errno}`);
    }
  } finally {
    closeSync(dirFd);
  }
  return streamsFor(c, fd, pollMs);
}

function streamsFor(c: Libc, fd: number, pollMs: number): AttachStreams {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let closed = false;
  const buf = Buffer.alloc(8193);
  // What the peer already sent is read before the socket closes: a short-lived TTY exec's whole
  // output can still sit in the socket when its exit is seen (1 run in 3 lost it under load).
  const drain = (): void => {
    for (let i = 0; i < 4096; i++) {
      const n = c.recv(fd, buf, buf.length, 0);
      if (n <= 0) return;
      deliver(n);
    }
  };
  const deliver = (n: number): void => {
    const data = Buffer.from(buf.subarray(1, n));
    if (buf[0] === 3) stderr.write(data); else if (buf[0] === 2) stdout.write(data);
  };
  const close = (): void => {
    if (closed) return;
    drain();
    closed = true;
    clearInterval(timer);
    c.close(fd);
    stdout.end(); stderr.end();
  };
  const poll = (): void => {
    for (let i = 0; i < 64 && !closed; i++) {
      const n = c.recv(fd, buf, buf.length, 0);
      if (n === 0) { close(); return; }
      if (n < 0) { if (koffi.errno() !== EAGAIN) close(); return; }
      deliver(n);
    }
  };
  const timer = setInterval(poll, pollMs);
  const stdin = new Writable({
    write(chunk: Buffer, _enc, cb): void {
      const trySend = (off: number): void => {
        if (closed) { cb(new EngineError('UNAVAILABLE', 'attach closed')); return; }
        const n = c.send(fd, chunk.subarray(off), chunk.length - off, 0);
        if (n < 0 && koffi.errno() === EAGAIN) { setTimeout(() => trySend(off), pollMs); return; }
        if (n < 0) { cb(new EngineError('UNAVAILABLE', `attach write: errno ${koffi.errno()}`)); return; }
        if (off + n < chunk.length) trySend(off + n); else cb();
      };
      trySend(0);
    },
    final(cb): void { if (!closed) c.shutdown(fd, SHUT_WR); cb(); },
  });
  return { stdout, stderr, stdin, close };
}
