// A download's reads in the pieces the rest of a pull takes them in: every piece costs a turn
// through each stream after it, a zlib job on the threadpool and a write, which the daemon's
// interpreter-only JS (--lite-mode) and its two pool threads feel on a 200 MB pull. So small reads
// (node:http's 16-64 KiB, TLS's 16 KiB records) are gathered into pieces of at least `piece`
// bytes, and big ones (plain-get.ts's whole 1 MiB buffers) pass as they are, not copied.
const BIG = 256 * 1024;

export async function* gathered(src: AsyncIterable<Uint8Array>, piece = 1 << 20): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  const take = (): Uint8Array => {
    const out = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    return out;
  };
  for await (const chunk of src) {
    if (chunk.length >= Math.min(BIG, piece)) {
      if (size > 0) yield take();
      yield chunk;
      continue;
    }
    parts.push(chunk);
    size += chunk.length;
    if (size >= piece) yield take();
  }
  if (size > 0) yield take();
}
