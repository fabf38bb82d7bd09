// Layers arrive gzip-compressed (docker push, OCI layouts) or plain (docker save): sniff the
// first bytes, as containerd's compression.DecompressStream does, instead of trusting a media
// type that docker-archive does not carry.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { EngineError } from '../errors';

export type Compression = 'gzip' | 'zstd' | 'none';

export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** Returns the uncompressed stream of `input`. */
export async function decompressStream(input: Readable): Promise<Readable> {
  const it = input[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && (first.value as Buffer).length === 0) first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value as Buffer);
  const rest = Readable.from((async function* () {
    if (head.length) yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
  })());
  const kind = detectCompression(head);
  if (kind === 'zstd') throw new EngineError('NOT_IMPLEMENTED', 'zstd-compressed layers are not supported (Node 20 has no zstd)');
  if (kind === 'none') return rest;
  const gunzip = createGunzip();
  rest.on('error', (e) => gunzip.destroy(e));
  return rest.pipe(gunzip);
}
