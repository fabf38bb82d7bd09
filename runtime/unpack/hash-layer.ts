// The diff id of a layer without unpacking it: its uncompressed stream hashed, with the same
// size bound and the same decompression (and so the same refusals of corrupt gzip or zstd) as
// applyLayer. Used for layers whose chain id is already unpacked, and by `docker import`.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { EngineError } from '../errors';
import { decompressStream } from './decompress';

export async function hashLayer(input: Readable, opts: { maxBytes?: number } = {}): Promise<{ diffId: `sha256:${string}`; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const raw = await decompressStream(input);
  try {
    for await (const chunk of raw) {
      size += (chunk as Buffer).length;
      if (opts.maxBytes !== undefined && size > opts.maxBytes) {
        throw new EngineError('INVALID_ARGUMENT', `layer is larger than the ${opts.maxBytes}-byte limit once uncompressed`);
      }
      hash.update(chunk as Buffer);
    }
  } catch (err) {
    raw.destroy();
    input.destroy();
    if (err instanceof EngineError) throw err;
    throw new EngineError('INVALID_ARGUMENT', `layer: ${(err as Error).message}`, { cause: err });
  }
  return { diffId: `sha256:${hash.digest('hex')}`, size };
}
