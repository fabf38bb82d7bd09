// A blob's bytes as one stream even when the connection drops: after a reset or a short body the
// GET is sent again with `Range: bytes=N-` (OCI distribution-spec allows it; distribution and
// S3 honour it) and the stream carries on; a server that ignores Range and starts over has its
// first N bytes skipped. More bytes than the descriptor says is hostile and ends the pull; the
// content store checks the digest of the whole.
import { EngineError } from '../errors';
import type { Descriptor } from '../images/media-types';
import type { RegistrySession } from './session';
import { registryMessage } from './manifest';
import { readCapped } from './tokens';

export interface BlobStreamOptions {
  session: RegistrySession;
  path: string;
  desc: Descriptor;
  scopes: string[];
  what: string;
  sleep: (ms: number) => Promise<void>;
  onBytes: (current: number) => void;
  /** Resumes after drops before giving up (default 5). */
  maxResumes?: number;
}

export async function* blobStream(o: BlobStreamOptions): AsyncGenerator<Uint8Array> {
  let got = 0;
  let resumes = 0;
  for (;;) {
    const headers: Record<string, string> = got > 0 ? { range: `bytes=${got}-` } : {};
    const ask = { path: `/v2/${o.path}/blobs/${o.desc.digest}`, scopes: o.scopes, headers };
    const res = await answer(o.session, ask);
    if (res.status !== 200 && res.status !== 206) {
      const text = await readCapped(res.body, 64 * 1024).catch(() => '');
      throw blobStatusError(res.status, o.what, o.desc.digest, text);
    }
    let skip = got > 0 && res.status === 200 ? got : 0;
    if (res.status === 206 && !String(res.headers['content-range'] ?? '').startsWith(`bytes ${got}-`)) {
      res.destroy();
      throw new EngineError('UNAVAILABLE', `${o.what}: blob ${o.desc.digest}: the registry answered a range we did not ask for`);
    }
    try {
      for await (const c of res.body) {
        let chunk = c as Uint8Array;
        if (skip > 0) {
          const n = Math.min(skip, chunk.length);
          skip -= n;
          chunk = chunk.subarray(n);
          if (chunk.length === 0) continue;
        }
        got += chunk.length;
        if (got > o.desc.size) throw new EngineError('INVALID_ARGUMENT', `${o.what}: blob ${o.desc.digest} is larger than its ${o.desc.size} bytes`);
        o.onBytes(got);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof EngineError) throw err;
      if (++resumes > (o.maxResumes ?? 5)) throw new EngineError('UNAVAILABLE', `${o.what}: blob ${o.desc.digest}: connection lost after ${got} bytes (${(err as Error).message})`, { cause: err });
      await o.sleep(100 * 2 ** resumes);
      continue;
    }
    if (got >= o.desc.size) return;
    if (++resumes > (o.maxResumes ?? 5)) throw new EngineError('INVALID_ARGUMENT', `${o.what}: blob ${o.desc.digest} is truncated: ${got} of ${o.desc.size} bytes`);
  }
}

interface BlobAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
  destroy(): void;
}

/** The blob's answer: read into big buffers where the registry speaks plain HTTP (plain-get.ts). */
async function answer(session: RegistrySession, ask: { path: string; scopes: string[]; headers: Record<string, string> }): Promise<BlobAnswer> {
  const plain = await session.plainGet(ask);
  if (plain) return plain;
  const res = await session.send({ method: 'GET', ...ask });
  return { status: res.status, headers: res.headers, body: res.body, destroy: () => res.body.destroy() };
}

function blobStatusError(status: number, what: string, digest: string, body: string): EngineError {
  const detail = registryMessage(body);
  const msg = `${what}: blob ${digest}: registry answered ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 404) return new EngineError('NOT_FOUND', msg);
  if (status === 401 || status === 403) return new EngineError('FAILED_PRECONDITION', msg);
  return new EngineError('UNAVAILABLE', msg);
}
