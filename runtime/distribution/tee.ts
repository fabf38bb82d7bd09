// A blob's bytes on their way to the content store, copied to a side stream (the layer's
// unpacker) as they pass, so a layer is unpacked while it downloads instead of read back from
// the store afterwards. The store's write sets the pace, and so does the side stream: a full
// buffer there pauses the download rather than piling bytes up in memory. A side stream that
// gave up (a refused layer) is no longer fed, and the download carries on to the store, whose
// digest check has the last word on the blob.
import { PassThrough } from 'node:stream';

/** A side stream for `tee`, buffering up to `highWaterMark` bytes ahead of its reader. */
export function sideStream(highWaterMark = 4 << 20): PassThrough {
  const side = new PassThrough({ highWaterMark });
  // The download's own failure reaches the pull through the fetch; the unpacker, which may not
  // be reading yet (its snapshot still being prepared), sees it as its input's error.
  side.on('error', () => undefined);
  return side;
}

export async function* tee(src: AsyncIterable<Uint8Array>, side: PassThrough): AsyncGenerator<Uint8Array> {
  let failure: unknown;
  try {
    for await (const chunk of src) {
      if (!side.destroyed && !side.write(chunk)) await drainedOrClosed(side);
      yield chunk;
    }
    side.end();
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    // The download failed or its consumer stopped early: the side stream ends with an error.
    if (!side.writableEnded && !side.destroyed) side.destroy(failure instanceof Error ? failure : new Error('the download stopped before the end of the blob'));
  }
}

/**
 * The socket's 16-64 KiB reads gathered into chunks of at least `bytes`: every chunk costs a
 * turn through each stream after it and a threadpool write in the store, which the daemon's
 * interpreter-only JS (--lite-mode) and two pool threads felt on a 200 MB pull.
 */
export async function* batched(src: AsyncIterable<Uint8Array>, bytes = 1 << 20): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of src) {
    parts.push(chunk);
    size += chunk.length;
    if (size < bytes) continue;
    yield parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
    parts = [];
    size = 0;
  }
  if (size > 0) yield parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
}

function drainedOrClosed(s: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });
}
