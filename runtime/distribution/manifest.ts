// Fetching and checking manifests (OCI distribution-spec "Pulling manifests"): one GET with
// every media type we read in Accept, the body capped at 4 MiB (as containerd and the spec's
// suggested limit), its digest checked against the reference's digest when pulling by digest,
// schema1 refused with a clear message, and an index or manifest list narrowed to one platform.
import { EngineError } from '../errors';
import { digestOf } from '../content/digest';
import { MT, isIndex, isLayer, type Descriptor, type Index, type Manifest } from '../images/media-types';
import { formatPlatform, platformMatches, type Platform } from './platform';
import type { RegistrySession } from './session';
import { readCappedBuffer } from './tokens';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

const SCHEMA1 = ['application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws'];
export const MANIFEST_ACCEPT = [MT.ociIndex, MT.dockerManifestList, MT.ociManifest, MT.dockerManifest, ...SCHEMA1].join(', ');

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  parsed: Manifest | Index;
}

/** `anyLayers`: any layer media type (a manifest only stored, never unpacked: attestations, other platforms). */
export async function fetchManifest(s: RegistrySession, path: string, ref: string, scopes: string[], what: string, anyLayers = false): Promise<FetchedManifest> {
  const res = await s.send({ method: 'GET', path: `/v2/${path}/manifests/${ref}`, scopes, headers: { accept: MANIFEST_ACCEPT } });
  if (res.status !== 200) {
    const text = (await readCappedBuffer(res.body, 64 * 1024, 'error body').catch(() => Buffer.alloc(0))).toString();
    throw statusError(res.status, what, text);
  }
  const length = Number(res.headers['content-length'] ?? 0);
  if (length > MAX_MANIFEST_BYTES) {
    res.body.destroy();
    throw new EngineError('INVALID_ARGUMENT', `${what}: manifest of ${length} bytes is over the ${MAX_MANIFEST_BYTES}-byte limit`);
  }
  const bytes = await readCappedBuffer(res.body, MAX_MANIFEST_BYTES, `${what}: manifest`);
  const digest = digestOf(bytes);
  if (ref.startsWith('sha256:') && ref !== digest) {
    throw new EngineError('INVALID_ARGUMENT', `${what}: manifest digest mismatch: asked for ${ref}, got ${digest}`);
  }
  return { digest, bytes, ...parseManifest(bytes, String(res.headers['content-type'] ?? ''), what, anyLayers) };
}

function parseManifest(bytes: Buffer, contentType: string, what: string, anyLayers: boolean): { mediaType: string; parsed: Manifest | Index } {
  let body: Partial<Manifest & Index> & { schemaVersion?: unknown };
  try {
    body = JSON.parse(bytes.toString('utf8')) as typeof body;
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `${what}: the registry's manifest is not JSON`, { cause: err });
  }
  if (body.schemaVersion === 1 || SCHEMA1.includes(contentType.split(';')[0])) {
    throw new EngineError('INVALID_ARGUMENT', `${what}: Docker Image manifest version 2, schema 1 is not supported (it was deprecated by Docker in 2019); push the image again with a current client`);
  }
  const mediaType = body.mediaType ?? contentType.split(';')[0].trim();
  if (Array.isArray(body.manifests) && (isIndex(mediaType) || !body.config)) {
    for (const d of body.manifests) checkDescriptor(d, what);
    return { mediaType: isIndex(mediaType) ? mediaType : MT.ociIndex, parsed: body as Index };
  }
  if (!body.config || !Array.isArray(body.layers)) throw new EngineError('INVALID_ARGUMENT', `${what}: manifest has no config or layers (media type "${mediaType}")`);
  checkDescriptor(body.config, what);
  for (const l of body.layers) {
    checkDescriptor(l, what);
    if (!anyLayers && !isLayer(l.mediaType)) throw new EngineError('INVALID_ARGUMENT', `${what}: unsupported layer media type "${l.mediaType}"`);
  }
  return { mediaType: mediaType || MT.ociManifest, parsed: body as Manifest };
}

function checkDescriptor(d: Descriptor, what: string): void {
  if (typeof d !== 'object' || d === null || typeof d.digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(d.digest) || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw new EngineError('INVALID_ARGUMENT', `${what}: manifest has an invalid descriptor ${JSON.stringify(d)?.slice(0, 200)}`);
  }
}

/** The index entry for `want`, or a message listing what the index offers. */
export function selectPlatform(index: Index, want: Platform, what: string): Descriptor {
  const hit = index.manifests.find((m) => platformMatches(m.platform, want));
  if (hit) return hit;
  const offered = index.manifests.map((m) => (m.platform ? formatPlatform(m.platform) : '?')).join(', ');
  throw new EngineError('NOT_FOUND', `${what}: no matching manifest for ${formatPlatform(want)} in the manifest list entries (offered: ${offered || 'none'})`);
}

/** A registry status as Docker words it. */
export function statusError(status: number, what: string, body: string): EngineError {
  const detail = registryMessage(body);
  if (status === 404) return new EngineError('NOT_FOUND', `${what}: manifest unknown${detail ? `: ${detail}` : ''}`);
  if (status === 401 || status === 403) {
    return new EngineError('FAILED_PRECONDITION', `${what}: pull access denied, repository does not exist or may require 'berth login'${detail ? `: ${detail}` : ''}`);
  }
  return new EngineError('UNAVAILABLE', `${what}: registry answered ${status}${detail ? `: ${detail}` : ''}`);
}

/** The first message of a distribution error body ({"errors":[{"code","message"}]}). */
export function registryMessage(body: string): string {
  try {
    const e = (JSON.parse(body) as { errors?: { code?: string; message?: string }[] }).errors?.[0];
    if (e) return [e.code, e.message].filter(Boolean).join(': ').slice(0, 300);
  } catch { /* not JSON: say nothing rather than echo garbage */ }
  return '';
}
