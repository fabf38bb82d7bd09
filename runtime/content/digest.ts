// Content digests as OCI image-spec defines them: "algorithm:encoded". Only sha256 is accepted,
// as Docker does for every image it stores; a strict pattern also keeps a digest from ever
// naming a path outside the blob directory.
import { createHash } from 'node:crypto';
import { EngineError } from '../errors';

export type Digest = `sha256:${string}`;

const SHA256 = /^sha256:[a-f0-9]{64}$/;

export function isDigest(s: string): s is Digest {
  return SHA256.test(s);
}

export function parseDigest(s: string): Digest {
  if (!isDigest(s)) throw new EngineError('INVALID_ARGUMENT', `invalid digest "${s}": want sha256:<64 hex>`);
  return s;
}

export function digestOf(data: Uint8Array | string): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The hex part: "sha256:abc…" → "abc…". */
export function encoded(d: Digest): string {
  return d.slice('sha256:'.length);
}
