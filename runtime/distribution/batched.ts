// A download's bytes gathered into bigger chunks on their way to the store and the unpacker.
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
