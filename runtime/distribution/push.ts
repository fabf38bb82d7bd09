// One `docker push` (OCI distribution-spec "Pushing blobs" / "Pushing manifests"): each blob
// is first asked for with HEAD and skipped when the registry has it, mounted from another
// repository of the same registry that this image was pulled from or pushed to (cross-repo
// mount), else uploaded, monolithic when small and in PATCH chunks when large; the manifest goes
// last, so the registry never names an image whose blobs it lacks.
import { createReadStream } from 'node:fs';
import { EngineError } from '../errors';
import type { Descriptor } from '../images/media-types';
import type { ImageRecord } from '../images/record';
import { familiarName, formatReference, parseReference, withDefaultTag, type Reference } from '../images/reference';
import type { RegistryCredentials } from './credentials';
import { Limiter } from './limit';
import { registryMessage } from './manifest';
import { byteReporter, shortId, type OnProgress } from './progress';
import type { Platform } from './platform';
import { planPush } from './push-plan';
import { RegistrySession, pullScope, pushScope, type SessionDeps } from './session';
import { readCapped } from './tokens';

export interface PushSource {
  get(ref: string): Promise<ImageRecord>;
  read(digest: string): Promise<Buffer>;
  has(digest: string): Promise<boolean>;
  /** The blob's file in the content store. */
  path(digest: string): string;
}

export interface PushDeps {
  session: SessionDeps;
  source: PushSource;
  /** Blobs larger than this go up in PATCH chunks of this size (default 16 MiB). */
  chunkSize?: number;
  concurrency?: number;
}

export interface PushRequest {
  ref: string;
  /** Only this platform's manifest of an image pulled with every platform. */
  platform?: Platform;
  creds: RegistryCredentials;
  onProgress: OnProgress;
}

export interface PushResult { tag: string; digest: string; size: number }

interface Ctx { s: RegistrySession; ref: Reference; scopes: string[]; what: string; chunk: number; on: OnProgress }

export async function pushImage(d: PushDeps, req: PushRequest): Promise<PushResult> {
  const ref = withDefaultTag(parseReference(req.ref));
  if (ref.digest) throw new EngineError('INVALID_ARGUMENT', `cannot push a digest reference: ${req.ref}`);
  const name = formatReference(ref);
  const record = await d.source.get(name);
  // Decided before the registry is asked: a platform the image lacks is a plain NOT_FOUND.
  const plan = await planPush(record, d.source, familiarName(name), req.platform);
  const mountFrom = mountCandidates(record, ref);
  const s = await RegistrySession.open(d.session, ref.domain, req.creds, 'push');
  const c: Ctx = { s, ref, scopes: [pushScope(ref.path), ...mountFrom.map(pullScope)], what: familiarName(name), chunk: d.chunkSize ?? 16 * 1024 * 1024, on: req.onProgress };
  req.onProgress({ status: `The push refers to repository [${familiarName(name).replace(/:[^:/]+$/, '')}]` });
  const limit = new Limiter(d.concurrency ?? 5);
  for (const b of plan.blobs) if (b.shown) req.onProgress({ id: shortId(b.desc.digest), status: 'Preparing' });
  const settled = await Promise.allSettled(plan.blobs.map((b) => limit.run(() => pushBlob(c, d.source, b.desc, b.shown, mountFrom))));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  // An index's children by digest first: the registry refuses an index naming unknown manifests.
  for (const m of plan.children) await putManifest(c, d.source, m, m.digest);
  const tag = ref.tag as string;
  const size = await putManifest(c, d.source, plan.top, tag);
  req.onProgress({ status: `${tag}: digest: ${plan.top.digest} size: ${size}` });
  req.onProgress({ status: '', aux: { Tag: tag, Digest: plan.top.digest, Size: size } });
  return { tag, digest: plan.top.digest, size };
}

/** PUTs the stored bytes of `m` (so its digest stays) under `reference`; returns their size. */
async function putManifest(c: Ctx, src: PushSource, m: Descriptor, reference: string): Promise<number> {
  const body = await src.read(m.digest);
  const res = await c.s.send({ method: 'PUT', path: `/v2/${c.ref.path}/manifests/${reference}`, scopes: c.scopes, headers: { 'content-type': m.mediaType }, body });
  await expectStatus(res, [201, 200], `${c.what}: manifest ${reference === m.digest ? m.digest : ''}`.trimEnd());
  return body.length;
}

/** Other repositories of the same registry this image is known under. */
function mountCandidates(record: ImageRecord, ref: Reference): string[] {
  const out = new Set<string>();
  for (const n of [...record.repoDigests, ...record.repoTags]) {
    const r = parseReference(n);
    if (r.domain === ref.domain && r.path !== ref.path) out.add(r.path);
  }
  return [...out].slice(0, 3);
}

async function pushBlob(c: Ctx, src: PushSource, desc: Descriptor, shown: boolean, mountFrom: string[]): Promise<void> {
  const id = shortId(desc.digest);
  const say = (status: string): void => { if (shown) c.on({ id, status }); };
  const head = await c.s.send({ method: 'HEAD', path: `/v2/${c.ref.path}/blobs/${desc.digest}`, scopes: c.scopes });
  await head.body.dump();
  if (head.status === 200) return say('Layer already exists');
  let location: string | undefined;
  for (const from of mountFrom) {
    const m = await c.s.send({ method: 'POST', path: `/v2/${c.ref.path}/blobs/uploads/?mount=${desc.digest}&from=${encodeURIComponent(from)}`, scopes: c.scopes });
    await m.body.dump();
    if (m.status === 201) return say(`Mounted from ${from}`);
    if (m.status === 202 && m.headers.location) {
      location = String(m.headers.location);
      break;
    }
  }
  if (!location) {
    const start = await c.s.send({ method: 'POST', path: `/v2/${c.ref.path}/blobs/uploads/`, scopes: c.scopes });
    await expectStatus(start, [202], `${c.what}: upload of ${desc.digest}`);
    if (!start.headers.location) throw new EngineError('UNAVAILABLE', `${c.what}: registry gave no upload location`);
    location = String(start.headers.location);
  }
  const report = shown ? byteReporter(c.on, id, 'Pushing', desc.size) : () => undefined;
  await (desc.size > c.chunk ? uploadChunked(c, src, desc, location, report) : uploadMonolithic(c, src, desc, location, report));
  say('Pushed');
}

function withDigest(location: string, base: URL, digest: string): string {
  const u = new URL(location, base);
  u.searchParams.set('digest', digest);
  return u.toString();
}

async function uploadMonolithic(c: Ctx, src: PushSource, desc: Descriptor, location: string, report: (n: number) => void): Promise<void> {
  const url = withDigest(location, new URL(c.s.endpoint.origin), desc.digest);
  const res = await c.s.send({
    method: 'PUT', path: url, scopes: c.scopes,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(desc.size) },
    body: () => createReadStream(src.path(desc.digest)),
  });
  await expectStatus(res, [201], `${c.what}: upload of ${desc.digest}`);
  report(desc.size);
}

async function uploadChunked(c: Ctx, src: PushSource, desc: Descriptor, location: string, report: (n: number) => void): Promise<void> {
  let loc = new URL(location, c.s.endpoint.origin).toString();
  for (let off = 0; off < desc.size; off += c.chunk) {
    const end = Math.min(off + c.chunk, desc.size) - 1;
    const res = await c.s.send({
      method: 'PATCH', path: loc, scopes: c.scopes,
      headers: { 'content-type': 'application/octet-stream', 'content-range': `${off}-${end}`, 'content-length': String(end - off + 1) },
      body: () => createReadStream(src.path(desc.digest), { start: off, end }),
    });
    await expectStatus(res, [202], `${c.what}: chunk ${off}-${end} of ${desc.digest}`);
    if (res.headers.location) loc = new URL(String(res.headers.location), res.url).toString();
    report(end + 1);
  }
  const done = await c.s.send({ method: 'PUT', path: withDigest(loc, new URL(c.s.endpoint.origin), desc.digest), scopes: c.scopes, headers: { 'content-length': '0' }, body: Buffer.alloc(0) });
  await expectStatus(done, [201], `${c.what}: upload of ${desc.digest}`);
}

async function expectStatus(res: { status: number; body: { dump(): Promise<void> } & AsyncIterable<Uint8Array> }, ok: number[], what: string): Promise<void> {
  if (ok.includes(res.status)) {
    await res.body.dump();
    return;
  }
  const detail = registryMessage(await readCapped(res.body, 64 * 1024).catch(() => ''));
  const msg = `${what}: registry answered ${res.status}${detail ? `: ${detail}` : ''}`;
  if (res.status === 401 || res.status === 403) throw new EngineError('FAILED_PRECONDITION', `${msg} (denied: run 'berth login')`);
  if (res.status === 404) throw new EngineError('NOT_FOUND', msg);
  throw new EngineError(res.status >= 500 ? 'UNAVAILABLE' : 'INVALID_ARGUMENT', msg);
}
