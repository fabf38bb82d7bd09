// Splits Docker's multiplexed stream (8-byte header: stream id, 3 zero bytes, uint32 BE size) into
// stdout and stderr, as docker's stdcopy.StdCopy does. A TTY stream is raw: all of it is stdout.
import type { Readable, Writable } from 'node:stream';
import { CoreError } from '../errors';

export function demuxStream(src: Readable, stdout: Writable, stderr: Writable): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    src.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        const id = pending[0];
        const data = pending.subarray(8, 8 + size);
        pending = pending.subarray(8 + size);
        if (id === 1 || id === 0) stdout.write(data);
        else if (id === 2) stderr.write(data);
        else if (id === 3) { reject(new CoreError('INTERNAL', data.toString('utf8'))); src.destroy(); return; }
        else { reject(new CoreError('INTERNAL', `invalid stream id ${id} in multiplexed stream`)); src.destroy(); return; }
      }
    });
    src.once('end', () => resolve());
    src.once('close', () => resolve());
    src.once('error', (err) => reject(err));
  });
}

/** Copies a raw (TTY) stream to one writer. */
export function rawStream(src: Readable, out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    src.on('data', (c: Buffer) => out.write(c));
    src.once('end', () => resolve());
    src.once('close', () => resolve());
    src.once('error', reject);
  });
}

export function isMultiplexed(contentType: string): boolean {
  return contentType.includes('multiplexed');
}
