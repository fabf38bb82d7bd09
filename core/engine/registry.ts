// Registry calls of the Docker API over the engine client: pull (POST /images/create?fromImage),
// push (POST /images/{name}/push) with the JSON progress stream handed to the caller line by
// line, and login (POST /auth). Credentials travel as the X-Registry-Auth header, as the docker
// CLI sends them; an `errorDetail` line inside the stream becomes a thrown error.
import type { JsonMessage } from '../../runtime/api/types';
import { CoreError } from '../errors';
import type { EngineClient } from './client';
import { forEachJsonLine } from './client';

export interface RegistryCallOptions {
  /** X-Registry-Auth value (base64url AuthConfig JSON). */
  auth?: string;
  signal?: AbortSignal;
}

function streamError(m: JsonMessage): CoreError | undefined {
  if (!m.error && !m.errorDetail) return undefined;
  const msg = m.errorDetail?.message ?? m.error ?? 'engine error';
  const code = /not found|manifest unknown/i.test(msg) ? 'NOT_FOUND' : /denied|unauthorized/i.test(msg) ? 'FAILED_PRECONDITION' : 'UNAVAILABLE';
  return new CoreError(code, msg);
}

async function follow(res: AsyncIterable<unknown> & NodeJS.ReadableStream, onMessage: (m: JsonMessage) => void): Promise<void> {
  let failed: CoreError | undefined;
  await forEachJsonLine<JsonMessage>(res as never, (m) => {
    failed ??= streamError(m);
    if (!failed) onMessage(m);
  });
  if (failed) throw failed;
}

/**
 * Pulls `image` (name[:tag][@digest]); `platform` as os/arch[/variant]; `allPlatforms` is
 * Berth's own query parameter (every platform of an index stored, as `ctr pull --all-platforms`).
 */
export async function pullImage(client: EngineClient, image: string, opts: RegistryCallOptions & { platform?: string; allPlatforms?: boolean }, onMessage: (m: JsonMessage) => void): Promise<void> {
  const { fromImage, tag } = splitTag(image);
  const res = await client.transport.request({
    method: 'POST', path: '/images/create', signal: opts.signal,
    query: { fromImage, tag, platform: opts.platform, allPlatforms: opts.allPlatforms ? '1' : undefined },
    headers: { 'X-Registry-Auth': opts.auth ?? '' },
  });
  await follow(res, onMessage);
}

/** `platform` (os/arch[/variant]): only that platform's manifest of a multi-platform image. */
export async function pushImage(client: EngineClient, image: string, opts: RegistryCallOptions & { platform?: string }, onMessage: (m: JsonMessage) => void): Promise<void> {
  const { fromImage, tag } = splitTag(image);
  const res = await client.transport.request({
    method: 'POST', path: `/images/${fromImage}/push`, signal: opts.signal, query: { tag, platform: opts.platform },
    headers: { 'X-Registry-Auth': opts.auth ?? '' },
  });
  await follow(res, onMessage);
}

export function login(client: EngineClient, body: { username?: string; password?: string; serveraddress: string }): Promise<{ Status: string; IdentityToken?: string }> {
  return client.transport.json({ method: 'POST', path: '/auth', body });
}

/** name:tag → {name, tag}; name@digest → {name, digest as tag}, as the docker CLI splits it. */
export function splitTag(image: string): { fromImage: string; tag?: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { fromImage: image.slice(0, at), tag: image.slice(at + 1) };
  const colon = image.lastIndexOf(':');
  if (colon > image.lastIndexOf('/')) return { fromImage: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { fromImage: image };
}
