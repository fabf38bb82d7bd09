// Reading a file a container controls (its /etc/passwd, for User lookups) without trusting it:
// through an fd opened O_NONBLOCK inside the root (root.ts), only when it is a regular file, and
// only up to a bound.
import { fstatSync, readSync } from 'node:fs';
import { EngineError } from '../errors';

/**
 * A regular file's content, read through an fd of the file itself: undefined when absent, or
 * when it is a fifo, device or directory (O_NONBLOCK: opening a fifo a container planted never
 * blocks), refused past `maxBytes` (a link to /dev/zero would otherwise fill the engine's memory).
 */
export function readRegularFile(fd: number, what: string, maxBytes: number): Buffer | undefined {
  const st = fstatSync(fd);
  if (!st.isFile()) return undefined;
  if (st.size > maxBytes) throw new EngineError('INVALID_ARGUMENT', `${what} is larger than ${maxBytes} bytes`);
  const buf = Buffer.alloc(st.size);
  let off = 0;
  for (let n = -1; n !== 0 && off < buf.length; off += n) n = readSync(fd, buf, off, buf.length - off, off);
  return buf.subarray(0, off);
}
