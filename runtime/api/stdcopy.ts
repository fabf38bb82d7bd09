// Docker's multiplexed stream framing (pkg/stdcopy): each frame is an 8-byte header
// [stream, 0, 0, 0, size uint32 big-endian] then `size` bytes. Used for attach, exec and logs of
// containers without a TTY; a TTY stream is sent raw.
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
/** Docker's "systemerr" stream: an engine-side error reported inside the stream. */
export const SYSTEMERR = 3;
export type StreamId = 0 | 1 | 2 | 3;

const MAX_FRAME = 32 * 1024;

/** Frames `data` for `stream`, splitting large chunks as stdcopy's writer does (32 KiB buffers). */
export function frame(stream: StreamId, data: Buffer): Buffer {
  if (data.length <= MAX_FRAME) return Buffer.concat([header(stream, data.length), data]);
  const parts: Buffer[] = [];
  for (let off = 0; off < data.length; off += MAX_FRAME) {
    const chunk = data.subarray(off, off + MAX_FRAME);
    parts.push(header(stream, chunk.length), chunk);
  }
  return Buffer.concat(parts);
}

function header(stream: StreamId, size: number): Buffer {
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(size, 4);
  return h;
}

/** Incremental decoder: feed bytes as they arrive, get whole frames out. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ stream: StreamId; data: Buffer }> {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Array<{ stream: StreamId; data: Buffer }> = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream = this.pending[0];
      if (stream > 3) throw new Error(`invalid stream id ${stream} in multiplexed stream`);
      out.push({ stream: stream as StreamId, data: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return out;
  }

  /** Bytes of an incomplete frame left over (non-zero at EOF means a truncated stream). */
  get remainder(): number {
    return this.pending.length;
  }
}
