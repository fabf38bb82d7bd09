// The pieces a layer's bytes are fed to gunzip in. Each write to a zlib stream is one job on
// the threadpool, so small reads (node:http's 64 KiB, TLS's 16 KiB records) are gathered into
// 1 MiB pieces; big ones (plain-get.ts's whole 1 MiB buffers) pass as they are, not copied.
// A byte-mode stream would gather too, but copies every byte, big reads included.
const PIECE = 1 << 20;
const BIG = 256 * 1024;

export class Gather {
  private buf: Buffer | undefined;
  private fill = 0;

  /** The pieces ready after `chunk`, in order. */
  add(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length >= BIG) return [...this.rest(), chunk];
    const out: Uint8Array[] = [];
    for (let off = 0; off < chunk.length;) {
      this.buf ??= Buffer.allocUnsafe(PIECE);
      const n = Math.min(chunk.length - off, PIECE - this.fill);
      this.buf.set(chunk.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
      if (this.fill === PIECE) out.push(...this.rest());
    }
    return out;
  }

  /** What is gathered so far, as one piece (none if nothing). */
  rest(): Uint8Array[] {
    if (!this.buf || this.fill === 0) return [];
    const piece = this.buf.subarray(0, this.fill);
    this.buf = undefined;
    this.fill = 0;
    return [piece];
  }
}
