// The context tar as clients really send it. The docker CLI, when the Dockerfile lies outside the
// context (`-f /elsewhere/Dockerfile`, `-f -`), rewrites the context tar to add it as
// `.dockerfile.<random>` and ends the stream right after the last entry's data: no padding to the
// 512-byte block, no end-of-archive blocks. dockerd reads it with Go's archive/tar, which takes an
// end of stream exactly at an entry's data end or at a header boundary as the end of the archive.
// This transform follows the tar's block structure and, in those two places only, completes the
// padding and the two zero blocks; a stream cut anywhere else stays cut (and fails as truncated).
import { Transform, type TransformCallback } from 'node:stream';

const BLOCK = 512;

export class TarEndCompleter extends Transform {
  /** Bytes seen; where the next header starts; where the current entry's data ends. */
  private total = 0;
  private nextHeader = 0;
  private dataEnd = 0;
  private header = Buffer.alloc(0);
  private ended = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.ended) this.walk(chunk);
    this.total += chunk.length;
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    const atBoundary = this.total === this.nextHeader && this.header.length === 0;
    if (!this.ended && (atBoundary || this.total === this.dataEnd)) {
      this.push(Buffer.alloc(this.nextHeader - this.total + 2 * BLOCK));
    }
    cb();
  }

  /** Feeds the bytes at offsets [total, total + chunk.length) to the header walk. */
  private walk(chunk: Buffer): void {
    let pos = this.total;
    const end = this.total + chunk.length;
    while (pos < end && !this.ended) {
      if (pos < this.nextHeader) {
        pos = this.nextHeader;
        continue;
      }
      const take = Math.min(BLOCK - this.header.length, end - pos);
      this.header = Buffer.concat([this.header, chunk.subarray(pos - this.total, pos - this.total + take)]);
      pos += take;
      if (this.header.length === BLOCK) this.onHeader(this.header, pos);
    }
  }

  private onHeader(h: Buffer, after: number): void {
    this.header = Buffer.alloc(0);
    if (h.every((b) => b === 0)) {
      this.ended = true; // end-of-archive: whatever follows is the client's affair
      return;
    }
    // The header's own size field, as tar-stream (which reads the context next) follows it; a
    // pax or GNU long-name header is an entry with data like any other.
    const size = headerSize(h);
    this.dataEnd = after + size;
    this.nextHeader = after + Math.ceil(size / BLOCK) * BLOCK;
  }
}

/** The size field: octal, or base-256 when its high bit is set (GNU, for sizes over 8 GiB). */
export function headerSize(h: Buffer): number {
  const f = h.subarray(124, 136);
  if (f[0] & 0x80) {
    let n = f[0] & 0x7f;
    for (let i = 1; i < f.length; i++) n = n * 256 + f[i];
    return n;
  }
  const s = f.toString('latin1').replace(/\0.*$/s, '').trim();
  return s ? parseInt(s, 8) || 0 : 0;
}
