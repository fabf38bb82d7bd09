// Hand-made content straight into a real registry over HTTP (plain, loopback), as a client that
// builds images would put it: blobs by monolithic upload, manifests by digest or tag. Tests use
// it for what skopeo cannot make from the busybox fixture, e.g. another architecture's image
// and the index that names both.
import { createHash } from 'node:crypto';
import { request } from 'undici';

export const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function expectStatus(res: Awaited<ReturnType<typeof request>>, want: number, what: string): Promise<void> {
  const body = await res.body.text();
  if (res.statusCode !== want) throw new Error(`${what}: registry answered ${res.statusCode}: ${body}`);
}

/** POST an upload, then PUT the bytes with their digest (distribution-spec monolithic upload). */
export async function putBlob(url: string, repo: string, bytes: Buffer): Promise<string> {
  const start = await request(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await expectStatus(start, 202, `upload to ${repo}`);
  const at = new URL(String(start.headers.location), url);
  at.searchParams.set('digest', sha(bytes));
  const put = await request(at.toString(), { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) } });
  await expectStatus(put, 201, `blob ${sha(bytes)}`);
  return sha(bytes);
}

export async function putManifest(url: string, repo: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
  const res = await request(`${url}/v2/${repo}/manifests/${reference}`, { method: 'PUT', body, headers: { 'content-type': mediaType } });
  await expectStatus(res, 201, `manifest ${repo}:${reference}`);
  return sha(body);
}

/** The manifest bytes as stored (no conversion): `accept` lists what we take. */
export async function getManifest(url: string, repo: string, reference: string, accept: string): Promise<{ body: Buffer; mediaType: string }> {
  const res = await request(`${url}/v2/${repo}/manifests/${reference}`, { headers: { accept } });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200) throw new Error(`manifest ${repo}:${reference}: registry answered ${res.statusCode}: ${body.toString()}`);
  return { body, mediaType: String(res.headers['content-type']) };
}
