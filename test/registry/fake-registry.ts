// A small registry of the test's own on loopback, for what a real one never does: wrong bytes,
// truncated or cut streams, redirects to another host, giant manifests, schema1. It serves
// manifests and blobs from maps; a test may hook any request first. Every request is logged
// (method, path, Range, Authorization) so tests can assert what the client sent.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { freePort } from './harness';

export interface Seen { method: string; path: string; range?: string; authorization?: string }
export type Hook = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface FakeRegistry {
  host: string;
  seen: Seen[];
  manifests: Map<string, { type: string; body: Buffer }>;
  blobs: Map<string, Buffer>;
  hook?: Hook;
  /** When set, every /v2 request needs this Basic authorization. */
  basic?: string;
  stop(): Promise<void>;
}

export const sha = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export async function startFakeRegistry(address = '127.0.0.1'): Promise<FakeRegistry> {
  const port = await freePort();
  const reg: FakeRegistry = { host: `${address}:${port}`, seen: [], manifests: new Map(), blobs: new Map(), stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    reg.seen.push({ method: req.method ?? '', path, range: req.headers.range, authorization: req.headers.authorization });
    if (reg.hook?.(req, res)) return;
    if (reg.basic && req.headers.authorization !== reg.basic) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end();
      return;
    }
    if (path === '/v2/' || path === '/v2') return void res.writeHead(200).end('{}');
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
    if (m?.[2] === 'manifests') {
      const hit = reg.manifests.get(`${m[1]}:${m[3]}`) ?? [...reg.manifests.values()].find((v) => sha(v.body) === m[3]);
      if (!hit) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
      return void res.writeHead(200, { 'content-type': hit.type, 'content-length': hit.body.length, 'docker-content-digest': sha(hit.body) }).end(req.method === 'HEAD' ? undefined : hit.body);
    }
    if (m?.[2] === 'blobs') {
      const blob = reg.blobs.get(m[3]);
      if (!blob) return void res.writeHead(404).end();
      const r = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (r) {
        const from = Number(r[1]);
        return void res.writeHead(206, { 'content-range': `bytes ${from}-${blob.length - 1}/${blob.length}`, 'content-length': blob.length - from }).end(blob.subarray(from));
      }
      return void res.writeHead(200, { 'content-length': blob.length }).end(blob);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(port, address, r));
  reg.stop = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
  return reg;
}

export interface FakeImage { manifest: Buffer; manifestType: string; config: Buffer; layers: Buffer[] }

/** Puts an image's manifest (under repo:tag) and blobs into the fake registry. */
export function serveImage(reg: FakeRegistry, repo: string, tag: string, img: FakeImage): void {
  reg.manifests.set(`${repo}:${tag}`, { type: img.manifestType, body: img.manifest });
  reg.blobs.set(sha(img.config), img.config);
  for (const l of img.layers) reg.blobs.set(sha(l), l);
}
