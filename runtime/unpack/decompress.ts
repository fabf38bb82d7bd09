// Layers arrive gzip-compressed (docker push, OCI layouts), zstd-compressed (newer OCI images)
// or plain (docker save): sniff the first bytes, as containerd's compression.DecompressStream
// does, instead of trusting a media type that docker-archive does not carry. Node 20 has no
// zstd, so zstd layers go through the `zstd` binary (Debian's zstd), as containerd also does
// when it finds one on PATH.
import { Readable, PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { spawn } from 'node:child_process';
import { EngineError } from '../errors';

export type Compression = 'gzip' | 'zstd' | 'none';

// zlib's default 16 KiB output chunks cost a threadpool round trip and a pass through every
// stream after it (hash, tar parser, file write) each; under the daemon's --lite-mode that JS
// per chunk was the largest cost of unpacking a big layer (profile of a 200 MB pull). 256 KiB
// chunks cut it sixteenfold for 256 KiB of memory per layer being unpacked.
const GUNZIP_CHUNK = 1024 * 1024;

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
  if (kind === 'zstd') return zstdDecompress(rest);
  if (kind === 'none') return rest;
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  const out = new PassThrough();
  rest.on('error', (e) => gunzip.destroy(e));
  gunzip.on('error', (e) => out.destroy(gzipError(e)));
  out.on('close', () => gunzip.destroy());
  return rest.pipe(gunzip).pipe(out);
}

/** zlib's terse messages, said as what they mean for a layer (Node accepts trailing zeros). */
export function gzipError(err: Error): Error {
  if (err instanceof EngineError) return err;
  const code = (err as { code?: string }).code;
  const reason = code === 'Z_BUF_ERROR' || /unexpected end/.test(err.message)
    ? 'the gzip stream is truncated'
    : code === 'Z_DATA_ERROR' && /header/.test(err.message)
      ? 'the gzip stream is followed by trailing garbage or has a corrupt header'
      : `the gzip stream is corrupt (${err.message})`;
  return new EngineError('INVALID_ARGUMENT', reason, { cause: err });
}

function zstdDecompress(input: Readable): Readable {
  const out = new PassThrough();
  const child = spawn('zstd', ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  child.on('error', (err) => out.destroy(new EngineError('NOT_IMPLEMENTED', `zstd-compressed layer: cannot run zstd (${err.message})`, { cause: err })));
  child.stdin.on('error', () => undefined); // EPIPE when zstd gave up: reported by 'close'
  input.on('error', (err) => { child.kill(); out.destroy(err); });
  input.pipe(child.stdin);
  child.stdout.pipe(out, { end: false });
  // A refused layer stops reading mid-way: end zstd too rather than leave it blocked on a pipe.
  out.on('close', () => { if (child.exitCode === null && child.signalCode === null) child.kill(); });
  child.on('close', (code) => {
    if (code === 0) out.end();
    else out.destroy(new EngineError('INVALID_ARGUMENT', `zstd: ${stderr.trim() || `exit ${code}`}`));
  });
  return out;
}
