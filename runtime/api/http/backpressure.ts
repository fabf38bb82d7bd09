// Writing a stream at the reader's pace. A follower of a 100 MB log burst must not have the whole
// burst queued in its socket's buffer: after a write the socket refuses (write() false), the
// writer waits for `drain`, or for the stream's end (a client gone never drains).
import type { Writable } from 'node:stream';

/** Writes `chunk`; resolves at once, or once `out` drained or closed. False when `out` is gone. */
export async function writePaced(out: Writable, chunk: Buffer | string): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return false;
  if (out.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => { out.off('drain', done); out.off('close', done); out.off('error', done); resolve(); };
    out.once('drain', done);
    out.once('close', done);
    out.once('error', done);
  });
  return !out.destroyed;
}
